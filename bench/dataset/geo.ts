/**
 * Project coordinates inside their district: points are drawn in the district's bounding box and kept when
 * they fall inside its boundary (the map's offline base layer, web/public/geo/chongqing-districts.geojson, in
 * WGS84), so a map of the generated ledger looks like Chongqing and the district filter agrees with the map.
 * Without that file projects get no coordinates.
 */
import fs from 'node:fs';
import type { Rng } from './random.ts';

type Ring = number[][];
type District = { rings: Ring[]; minLng: number; maxLng: number; minLat: number; maxLat: number };
type Feature = {
  properties: { code: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
};

export type DistrictShapes = {
  has(code: string): boolean;
  /** A WGS84 point inside the district, rounded to 6 decimals (about 0.1 m). */
  sample(code: string, rng: Rng): { lng: number; lat: number } | null;
};

export function loadDistrictShapes(file: string): DistrictShapes {
  const districts = new Map<string, District>();
  if (fs.existsSync(file)) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { features: Feature[] };
    for (const f of json.features) {
      // Outer rings only: holes are rare in district outlines, and a point in one is still in the district.
      const rings =
        f.geometry.type === 'Polygon'
          ? [f.geometry.coordinates[0]!]
          : f.geometry.coordinates.map((p) => p[0]!);
      const points = rings.flat();
      districts.set(f.properties.code, {
        rings,
        minLng: Math.min(...points.map((p) => p[0]!)),
        maxLng: Math.max(...points.map((p) => p[0]!)),
        minLat: Math.min(...points.map((p) => p[1]!)),
        maxLat: Math.max(...points.map((p) => p[1]!)),
      });
    }
  }
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    has: (code) => districts.has(code),
    sample(code, rng) {
      const d = districts.get(code);
      if (!d) return null;
      for (let attempt = 0; attempt < 200; attempt++) {
        const lng = rng.between(d.minLng, d.maxLng);
        const lat = rng.between(d.minLat, d.maxLat);
        if (d.rings.some((ring) => inside(ring, lng, lat))) return { lng: round(lng), lat: round(lat) };
      }
      return null;
    },
  };
}

/** Even-odd ray casting. */
function inside(ring: Ring, x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}
