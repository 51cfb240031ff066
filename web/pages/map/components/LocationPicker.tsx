import { Alert } from 'antd';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import type { LngLat } from '#domain/coordinates.ts';
import type { MapSettings } from '#domain/schemas/map.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import {
  districtBounds,
  fromDisplay,
  loadDistricts,
  loadMapSettings,
  round6,
  toDisplay,
  useBaseMap,
  ZONE_CENTER,
  ZONE_ZOOM,
} from '../map-base.ts';

type Props = {
  /** The stored location (WGS84), or null when none is set. */
  value: LngLat | null;
  /** Without a location the map opens on this district. */
  divisionCode?: string | null;
  /** A click on the map, already converted to WGS84 and rounded to 6 decimals. Without it the map only shows. */
  onPick?: (location: LngLat) => void;
  /** Settings to show instead of the saved ones (the settings page's preview). */
  settings?: MapSettings;
  height?: number;
};

/**
 * A small map to set a project's location by clicking (the project form) or to preview a base (the settings
 * page). Over a GCJ-02 base the marker is shifted for display and a click is shifted back, so what is stored
 * is always WGS84.
 */
export function LocationPicker({ value, divisionCode, onPick, settings: override, height = 320 }: Props) {
  const { t } = useI18n();
  const containerRef = useRef<HTMLElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const saved = useAsync(loadMapSettings, []);
  const districts = useAsync(loadDistricts, []);
  const settings = override ?? saved.data;
  const base = useBaseMap(map, settings, districts.data, t('map.offlineAttribution'));
  /** A marker has been shown: later changes never zoom, they only bring an off-screen marker into view. */
  const placed = useRef(false);
  /** The value came from a click on this map: the view stays where the user is. */
  const picked = useRef(false);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const created = L.map(element, { preferCanvas: true, center: ZONE_CENTER, zoom: ZONE_ZOOM, minZoom: 4 });
    const observer = new ResizeObserver(() => created.invalidateSize());
    observer.observe(element);
    setMap(created);
    return () => {
      observer.disconnect();
      created.remove();
      setMap(null);
    };
  }, []);

  useEffect(() => {
    map?.setMaxZoom(base.mode === 'tiles' && settings ? settings.maxZoom : 18);
  }, [map, base.mode, settings]);

  const lng = value?.lng;
  const lat = value?.lat;
  useEffect(() => {
    if (!map || lng === undefined || lat === undefined) return;
    const d = toDisplay({ lng, lat }, base.crs);
    const marker = L.circleMarker([d.lat, d.lng], {
      radius: 8,
      color: '#ffffff',
      weight: 2,
      fillColor: '#1f5fbf',
      fillOpacity: 1,
      interactive: false,
    }).addTo(map);
    // A saved location opens close up; typed coordinates off screen bring the map along; a click never moves it.
    if (!picked.current && (!placed.current || !map.getBounds().contains(marker.getLatLng()))) {
      map.setView(marker.getLatLng(), placed.current ? map.getZoom() : 15, { animate: false });
    }
    placed.current = true;
    picked.current = false;
    return () => {
      marker.remove();
    };
  }, [map, lng, lat, base.crs]);

  useEffect(() => {
    if (!map || placed.current || !districts.data || !divisionCode) return;
    const bounds = districtBounds(districts.data, divisionCode, base.crs);
    if (bounds) map.fitBounds(bounds, { animate: false });
  }, [map, districts.data, divisionCode, base.crs]);

  useEffect(() => {
    if (!map || !onPick) return;
    const click = (e: L.LeafletMouseEvent) => {
      // Where the click landed on the base, before conversion: for checking the GCJ-02 shift.
      if (containerRef.current) containerRef.current.dataset.clicked = `${e.latlng.lng},${e.latlng.lat}`;
      const w = fromDisplay({ lng: e.latlng.lng, lat: e.latlng.lat }, base.crs);
      picked.current = true;
      onPick({ lng: round6(w.lng), lat: round6(w.lat) });
    };
    map.on('click', click);
    return () => {
      map.off('click', click);
    };
  }, [map, onPick, base.crs]);

  return (
    <div>
      {base.fellBack ? (
        <Alert type="warning" showIcon banner message={t('map.tilesFailed')} style={{ marginBottom: 8 }} />
      ) : null}
      <section
        ref={containerRef}
        className={onPick ? 'gj-map gj-map-pick' : 'gj-map'}
        data-testid="location-picker"
        data-base={base.mode}
        data-crs={base.crs}
        aria-label={onPick ? t('map.pickLabel') : t('map.previewLabel')}
        style={{ height }}
      />
    </div>
  );
}
