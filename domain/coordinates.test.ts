import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from './coordinates.ts';

// Reference pairs from eviltransform's test suite (googollee/eviltransform, go/transform_test.go).
const pairs = [
  {
    name: 'Shanghai',
    wgs: { lat: 31.1774276, lng: 121.5272106 },
    gcj: { lat: 31.17530398364597, lng: 121.531541859215 },
  },
  {
    name: 'Shenzhen',
    wgs: { lat: 22.543847, lng: 113.912316 },
    gcj: { lat: 22.540796131694766, lng: 113.9171764808363 },
  },
  {
    name: 'Beijing',
    wgs: { lat: 39.911954, lng: 116.377817 },
    gcj: { lat: 39.91334545536069, lng: 116.38404722455657 },
  },
];

describe('WGS84 ↔ GCJ-02', () => {
  it.each(pairs)('offsets $name as the published reference does', ({ wgs, gcj }) => {
    const out = wgs84ToGcj02(wgs);
    expect(out.lat).toBeCloseTo(gcj.lat, 9);
    expect(out.lng).toBeCloseTo(gcj.lng, 9);
  });

  it.each(pairs)('inverts $name back to WGS84 within a millimetre', ({ wgs, gcj }) => {
    const out = gcj02ToWgs84(gcj);
    // 1e-8° is about 1 mm.
    expect(Math.abs(out.lat - wgs.lat)).toBeLessThan(1e-8);
    expect(Math.abs(out.lng - wgs.lng)).toBeLessThan(1e-8);
  });

  it('moves a point in the science city by a few hundred metres, as GCJ-02 does in Chongqing', () => {
    const wgs = { lng: 106.33, lat: 29.6 };
    const gcj = wgs84ToGcj02(wgs);
    const metresEast = (gcj.lng - wgs.lng) * 111_320 * Math.cos((wgs.lat * Math.PI) / 180);
    const metresNorth = (gcj.lat - wgs.lat) * 110_540;
    expect(Math.hypot(metresEast, metresNorth)).toBeGreaterThan(300);
    expect(Math.hypot(metresEast, metresNorth)).toBeLessThan(700);
  });

  it('leaves points outside China unchanged', () => {
    const paris = { lng: 2.35, lat: 48.85 };
    expect(outOfChina(paris)).toBe(true);
    expect(wgs84ToGcj02(paris)).toEqual(paris);
    expect(gcj02ToWgs84(paris)).toEqual(paris);
  });
});
