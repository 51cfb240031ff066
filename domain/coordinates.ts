/**
 * WGS84 ↔ GCJ-02 (国测局坐标, the "Mars" offset every map published in China applies by regulation).
 * Guanjia stores WGS84 (GPS, 天地图's CGCS2000 within centimetres, OpenStreetMap); a base map in GCJ-02 (高德,
 * 腾讯) needs the offset applied for display, and a point picked on such a map needs it removed before storing.
 * The algorithm is the public one (eviltransform, coordtransform); the inverse is iterated because the one-step
 * approximation is off by up to about 5 m.
 */

export type LngLat = { lng: number; lat: number };

const A = 6378245.0;
// Krasovsky 1940 eccentricity squared, 0.00669342162296594323, as near as a double gets.
const EE = 0.006693421622965943;

/** The offset applies inside China only; this is the customary coarse box. */
export function outOfChina({ lng, lat }: LngLat): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

function offset({ lng, lat }: LngLat): LngLat {
  const rad = (lat / 180) * Math.PI;
  const m = 1 - EE * Math.sin(rad) * Math.sin(rad);
  const s = Math.sqrt(m);
  const dLat = (transformLat(lng - 105, lat - 35) * 180) / (((A * (1 - EE)) / (m * s)) * Math.PI);
  const dLng = (transformLng(lng - 105, lat - 35) * 180) / ((A / s) * Math.cos(rad) * Math.PI);
  return { lng: dLng, lat: dLat };
}

export function wgs84ToGcj02(p: LngLat): LngLat {
  if (outOfChina(p)) return { ...p };
  const d = offset(p);
  return { lng: p.lng + d.lng, lat: p.lat + d.lat };
}

/** Iterates until the forward transform of the result lands within 1e-9° (≈ 0.1 mm) of the input. */
export function gcj02ToWgs84(g: LngLat): LngLat {
  if (outOfChina(g)) return { ...g };
  let w = { lng: g.lng, lat: g.lat };
  for (let i = 0; i < 30; i++) {
    const f = wgs84ToGcj02(w);
    const eLng = f.lng - g.lng;
    const eLat = f.lat - g.lat;
    w = { lng: w.lng - eLng, lat: w.lat - eLat };
    if (Math.abs(eLng) < 1e-9 && Math.abs(eLat) < 1e-9) break;
  }
  return w;
}
