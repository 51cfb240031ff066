/**
 * Builds web/public/geo/chongqing-districts.geojson, the map's offline base (issue #5), from the Chongqing
 * province file that ECharts 4.9.0 shipped (Apache-2.0; its boundaries were taken from AMap's district service,
 * which ECharts later stopped shipping). The file is decoded from ECharts' compact encoding, converted from GCJ-02
 * to WGS84 (Guanjia stores WGS84), and named by our GB/T 2260 table, which also fixes the two counties that have
 * since become districts (梁平, 武隆). Approximate boundaries, ≈ 100 m: the map says so, and a deployment replaces
 * the file with its own surveyed, approved (审图号) boundaries.
 *
 *   npx tsx scripts/build-district-boundaries.ts            (downloads echarts@4.9.0 with npm pack)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gcj02ToWgs84 } from '#domain/coordinates.ts';

type Encoded = {
  features: {
    id: string;
    properties: { name: string };
    geometry:
      | { type: 'Polygon'; coordinates: string[]; encodeOffsets: [number, number][] }
      | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: [number, number][][] };
  }[];
  UTF8Scale?: number;
};

// ECharts 4's own decoder (src/coord/geo/parseGeoJson.js): zig-zag, delta-coded character pairs.
function decodeRing(text: string, start: [number, number], scale: number): [number, number][] {
  const ring: [number, number][] = [];
  let [prevX, prevY] = start;
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    const wgs = gcj02ToWgs84({ lng: x / scale, lat: y / scale });
    ring.push([Math.round(wgs.lng * 1e4) / 1e4, Math.round(wgs.lat * 1e4) / 1e4]);
  }
  // GeoJSON rings are closed.
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  return ring;
}

const renamed: Record<string, string> = { '500228': '500155', '500232': '500156' };

function sourceFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echarts4-'));
  execFileSync('npm', ['pack', 'echarts@4.9.0', '--silent'], { cwd: dir });
  execFileSync('tar', ['xzf', 'echarts-4.9.0.tgz', 'package/map/json/province/chongqing.json'], { cwd: dir });
  return path.join(dir, 'package/map/json/province/chongqing.json');
}

const divisions = new Map(
  fs
    .readFileSync('server/db/reference-data/divisions.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([code, name, nameEn]) => [code!, { name: name!, nameEn: nameEn! }]),
);

const input = JSON.parse(fs.readFileSync(process.argv[2] ?? sourceFile(), 'utf8')) as Encoded;
const scale = input.UTF8Scale ?? 1024;
const features = input.features.map((f) => {
  const code = renamed[f.id] ?? f.id;
  const division = divisions.get(code);
  if (!division) throw new Error(`division ${code} (${f.properties.name}) is not in divisions.csv`);
  const g = f.geometry;
  const geometry =
    g.type === 'Polygon'
      ? {
          type: 'Polygon',
          coordinates: g.coordinates.map((r, i) => decodeRing(r, g.encodeOffsets[i]!, scale)),
        }
      : {
          type: 'MultiPolygon',
          coordinates: g.coordinates.map((p, i) =>
            p.map((r, j) => decodeRing(r, g.encodeOffsets[i]![j]!, scale)),
          ),
        };
  return { type: 'Feature', properties: { code, name: division.name, nameEn: division.nameEn }, geometry };
});
features.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
const out = {
  type: 'FeatureCollection',
  // Read by the map page: shown as the base layer's attribution.
  properties: {
    source: 'ECharts 4.9.0 map/json/province/chongqing.json (Apache-2.0), GCJ-02 → WGS84',
    note: '示意边界，非审定地图 / approximate boundaries, not an approved map',
  },
  features,
};
fs.writeFileSync('web/public/geo/chongqing-districts.geojson', `${JSON.stringify(out)}\n`);
console.log(`${features.length} districts written to web/public/geo/chongqing-districts.geojson`);
