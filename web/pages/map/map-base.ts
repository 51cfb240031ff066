/**
 * The base under every map of the app (项目一张图, the project form's location picker, the settings preview):
 * the configured tile service with the districts' outlines on top, or — by default, and whenever the tiles
 * cannot be loaded — the outlines alone, drawn from a file the app ships, so a map works with no network.
 *
 * Coordinates are stored in WGS84. Over GCJ-02 tiles (高德) everything is shifted into GCJ-02 for display
 * and a click is shifted back before it is stored (docs/MAP.md).
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { useEffect, useState } from 'react';
import { gcj02ToWgs84, type LngLat, wgs84ToGcj02 } from '#domain/coordinates.ts';
import type { MapCrs, MapSettings } from '#domain/schemas/map.ts';
import { api } from '../../api/client.ts';

export type DistrictProperties = { code: string; name: string; nameEn: string };
export type Districts = FeatureCollection<Geometry, DistrictProperties>;

const DISTRICTS_URL = '/geo/chongqing-districts.geojson';

/** 西部（重庆）科学城's core (科学大道), where a map with nothing to show opens. */
export const ZONE_CENTER: L.LatLngTuple = [29.5981, 106.3052];
export const ZONE_ZOOM = 11;

let districtsLoad: Promise<Districts> | undefined;

/** The districts' outlines (WGS84), fetched once per page load. */
export function loadDistricts(): Promise<Districts> {
  districtsLoad ??= fetch(DISTRICTS_URL).then((res) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json() as Promise<Districts>;
  });
  // A failed load may be retried later (e.g. the connection came back).
  districtsLoad.catch(() => {
    districtsLoad = undefined;
  });
  return districtsLoad;
}

let settingsLoad: Promise<MapSettings> | undefined;

/** The base map's settings, read once per page load and again after an administrator saves them. */
export function loadMapSettings(): Promise<MapSettings> {
  settingsLoad ??= api.map.settings();
  settingsLoad.catch(() => {
    settingsLoad = undefined;
  });
  return settingsLoad;
}

export function rememberMapSettings(settings: MapSettings) {
  settingsLoad = Promise.resolve(settings);
}

/** Stored (WGS84) → shown on a base in `crs`. */
export function toDisplay(p: LngLat, crs: MapCrs): LngLat {
  return crs === 'gcj02' ? wgs84ToGcj02(p) : p;
}

/** Clicked on a base in `crs` → stored (WGS84). */
export function fromDisplay(p: LngLat, crs: MapCrs): LngLat {
  return crs === 'gcj02' ? gcj02ToWgs84(p) : p;
}

/** Six decimals (about 0.1 m), as the form's inputs show them. */
export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function convertPositions(coords: unknown, crs: MapCrs): unknown {
  if (Array.isArray(coords) && typeof coords[0] === 'number') {
    const [lng, lat] = coords as Position;
    const d = toDisplay({ lng: lng ?? 0, lat: lat ?? 0 }, crs);
    return [d.lng, d.lat];
  }
  return (coords as unknown[]).map((c) => convertPositions(c, crs));
}

const converted = new WeakMap<Districts, Districts>();

/** The outlines in the display system: shifted point by point into GCJ-02 over 高德 tiles. */
export function districtsIn(districts: Districts, crs: MapCrs): Districts {
  if (crs === 'wgs84') return districts;
  const cached = converted.get(districts);
  if (cached) return cached;
  const shifted: Districts = {
    ...districts,
    features: districts.features.map(
      (f): Feature<Geometry, DistrictProperties> => ({
        ...f,
        geometry: {
          ...f.geometry,
          coordinates: convertPositions((f.geometry as { coordinates: unknown }).coordinates, crs),
        } as Geometry,
      }),
    ),
  };
  converted.set(districts, shifted);
  return shifted;
}

/** The bounds of one district (for the location picker's first view), in the display system. */
export function districtBounds(districts: Districts, code: string, crs: MapCrs): L.LatLngBounds | undefined {
  const feature = districtsIn(districts, crs).features.find((f) => f.properties.code === code);
  if (!feature) return undefined;
  const bounds = L.geoJSON(feature).getBounds();
  return bounds.isValid() ? bounds : undefined;
}

/** Leaflet writes attributions as HTML; ours are plain text from the settings. */
function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const BASE_PANE = 'gj-base';

export type BaseMapState = {
  /** What is drawn: `offline` also when tiles were configured but could not be loaded. */
  mode: 'offline' | 'tiles';
  /** The system points must be drawn in. */
  crs: MapCrs;
  /** Tiles were configured and failed: the offline outlines stand in. */
  fellBack: boolean;
};

/**
 * Draws the base on `map` and keeps it in step with the settings. Tiles that fail before a single one has
 * loaded (no network, a wrong key) switch the map to the offline outlines for the rest of the page's life.
 */
export function useBaseMap(
  map: L.Map | null,
  settings: MapSettings | undefined,
  districts: Districts | undefined,
  offlineAttribution: string,
  options: { districtLabels?: boolean } = {},
): BaseMapState {
  const [failedTemplate, setFailedTemplate] = useState<string | null>(null);
  const tiles = settings?.mode === 'tiles' && settings.urlTemplate ? settings : undefined;
  const fellBack = tiles !== undefined && failedTemplate === tiles.urlTemplate;
  const mode = tiles && !fellBack ? 'tiles' : 'offline';
  const crs: MapCrs = mode === 'tiles' && tiles ? tiles.crs : 'wgs84';
  const labels = options.districtLabels ?? false;

  useEffect(() => {
    if (!map || !settings) return;
    // Outlines sit between the tiles (200) and the points (400), whatever order they are (re)drawn in.
    if (!map.getPane(BASE_PANE)) {
      const pane = map.createPane(BASE_PANE);
      pane.style.zIndex = '350';
    }
    const layers: L.Layer[] = [];
    if (mode === 'tiles' && tiles?.urlTemplate) {
      const tileOptions: L.TileLayerOptions = {
        maxZoom: tiles.maxZoom,
        subdomains: tiles.subdomains ?? 'abc',
        attribution: escapeHtml(tiles.attribution ?? ''),
      };
      // Three failures before any success: no network or a wrong key, not one missing tile at the edge.
      let loaded = 0;
      let failed = 0;
      const base = L.tileLayer(tiles.urlTemplate, tileOptions);
      base.on('tileload', () => {
        loaded++;
      });
      base.on('tileerror', () => {
        failed++;
        if (loaded === 0 && failed >= 3) setFailedTemplate(tiles.urlTemplate);
      });
      layers.push(base);
      if (tiles.overlayUrlTemplate) {
        layers.push(L.tileLayer(tiles.overlayUrlTemplate, { ...tileOptions, attribution: '' }));
      }
    }
    if (districts) {
      const shapes = L.geoJSON(districtsIn(districts, crs), {
        // Over tiles a thin line; alone, light land on the container's water-blue.
        style:
          mode === 'tiles'
            ? { color: '#1f5fbf', weight: 1, opacity: 0.55, fill: false }
            : { color: '#8c9bab', weight: 1, fillColor: '#fbfaf7', fillOpacity: 1 },
        interactive: false,
        pane: BASE_PANE,
        attribution: mode === 'offline' ? escapeHtml(offlineAttribution) : undefined,
      });
      if (labels && mode === 'offline') {
        shapes.eachLayer((layer) => {
          const feature = (layer as L.Polygon).feature as Feature<Geometry, DistrictProperties> | undefined;
          if (!feature) return;
          layer.bindTooltip(feature.properties.name, {
            permanent: true,
            direction: 'center',
            className: 'gj-district-label',
            interactive: false,
          });
        });
      }
      layers.push(shapes);
    }
    for (const layer of layers) layer.addTo(map);
    return () => {
      for (const layer of layers) layer.remove();
    };
  }, [map, settings, tiles, districts, mode, crs, offlineAttribution, labels]);

  return { mode, crs, fellBack };
}
