import { Alert } from 'antd';
import L from 'leaflet';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import Supercluster from 'supercluster';
import { lifecycleStages } from '#domain/codelists.ts';
import type { MapSettings, ProjectMapPoint } from '#domain/schemas/map.ts';
import { useLightColors } from '../../../components/WarningLight.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import { loadDistricts, toDisplay, useBaseMap, ZONE_CENTER, ZONE_ZOOM } from '../map-base.ts';
import { type ColorBy, lightsWorstFirst, NO_LIGHT_COLOR, stageColors } from '../map-colors.ts';
import { MapPointCard } from './MapPointCard.tsx';

type Props = {
  points: readonly ProjectMapPoint[];
  colorBy: ColorBy;
  settings: MapSettings;
};

/** Per cluster: how many of its projects have each light (red, yellow, green, none) and each stage. */
type ClusterCounts = { light: number[]; stage: number[] };

/** Clusters are formed up to this zoom; beyond it every project is its own point. */
const CLUSTER_MAX_ZOOM = 16;
const stageCodes = lifecycleStages.codes;
/** Projects a test or a person can click, exposed on the container (data-singles) with their pixel position. */
const EXPOSED_SINGLES = 50;

type Selection = { element: HTMLDivElement; popup: L.Popup; points: ProjectMapPoint[]; total: number };

/**
 * The projects on a Leaflet map (canvas renderer): clustered with supercluster, coloured by light or stage,
 * a card in a popup on click. The container carries what is drawn (data-points, data-drawn, data-markers,
 * data-singles) so that people debugging and the browser tests can see it without reading the canvas.
 */
export function ProjectMap({ points, colorBy, settings }: Props) {
  const { t } = useI18n();
  const lightColors = useLightColors();
  const containerRef = useRef<HTMLElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const districts = useAsync(loadDistricts, []);
  const base = useBaseMap(map, settings, districts.data, t('map.offlineAttribution'), {
    districtLabels: true,
  });

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const created = L.map(element, {
      preferCanvas: true,
      // Half steps let the view fit the points more closely.
      zoomSnap: 0.5,
      center: ZONE_CENTER,
      zoom: ZONE_ZOOM,
      minZoom: 4,
      maxZoom: 18,
    });
    // The page's layout can change the container's size (the menu folding) without a window resize.
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
    map?.setMaxZoom(base.mode === 'tiles' ? settings.maxZoom : 18);
  }, [map, base.mode, settings.maxZoom]);

  /** The points in the display system (shifted over GCJ-02 tiles), indexed for clustering. */
  const index = useMemo(() => {
    const cluster = new Supercluster<{ i: number }, ClusterCounts>({
      radius: 56,
      maxZoom: CLUSTER_MAX_ZOOM,
      map: ({ i }) => {
        const p = points[i];
        const light = [0, 0, 0, 0];
        const stage = stageCodes.map(() => 0);
        const lightAt = p?.color ? lightsWorstFirst.indexOf(p.color) : 3;
        light[lightAt] = 1;
        if (p) stage[stageCodes.indexOf(p.stage)] = 1;
        return { light, stage };
      },
      reduce: (acc, c) => {
        for (let k = 0; k < acc.light.length; k++) acc.light[k]! += c.light[k] ?? 0;
        for (let k = 0; k < acc.stage.length; k++) acc.stage[k]! += c.stage[k] ?? 0;
      },
    });
    const display = points.map((p) => toDisplay(p, base.crs));
    cluster.load(
      display.map((d, i) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [d.lng, d.lat] },
        properties: { i },
      })),
    );
    return { cluster, display };
  }, [points, base.crs]);

  const pointColor = useCallback(
    (p: ProjectMapPoint) =>
      colorBy === 'light' ? (p.color ? lightColors[p.color] : NO_LIGHT_COLOR) : stageColors[p.stage],
    [colorBy, lightColors],
  );

  /** A cluster's ring: its projects' lights (or stages) in proportion, worst light first. */
  const clusterRing = useCallback(
    (counts: ClusterCounts) => {
      const parts =
        colorBy === 'light'
          ? counts.light.map((n, k) => {
              const light = lightsWorstFirst[k];
              return { n, color: light ? lightColors[light] : NO_LIGHT_COLOR };
            })
          : counts.stage.map((n, k) => ({ n, color: stageColors[stageCodes[k] ?? 'planning'] }));
      const total = parts.reduce((a, p) => a + p.n, 0) || 1;
      let from = 0;
      const stops: string[] = [];
      for (const p of parts) {
        if (p.n === 0) continue;
        const to = from + (p.n / total) * 360;
        stops.push(`${p.color} ${from.toFixed(1)}deg ${to.toFixed(1)}deg`);
        from = to;
      }
      return `conic-gradient(${stops.join(',')})`;
    },
    [colorBy, lightColors],
  );

  const open = useCallback(
    (latlng: L.LatLng, shown: ProjectMapPoint[], total: number) => {
      if (!map) return;
      const element = document.createElement('div');
      const popup = L.popup({ maxWidth: 340, minWidth: 240, autoPanPadding: [24, 24] })
        .setLatLng(latlng)
        .setContent(element);
      popup.on('remove', () => setSelection((s) => (s?.popup === popup ? null : s)));
      popup.openOn(map);
      setSelection({ element, popup, points: shown, total });
    },
    [map],
  );

  useEffect(() => {
    if (!map) return;
    const layer = L.layerGroup().addTo(map);
    const draw = () => {
      layer.clearLayers();
      const bounds = map.getBounds();
      // Fractional zooms (zoomSnap 0.5) cluster as the whole zoom below them.
      const zoom = Math.floor(map.getZoom());
      const features = index.cluster.getClusters(
        [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()],
        zoom,
      );
      let drawn = 0;
      const singles: { id: string; x: number; y: number }[] = [];
      for (const f of features) {
        const [lng = 0, lat = 0] = f.geometry.coordinates;
        const latlng = L.latLng(lat, lng);
        const props = f.properties;
        if ('cluster' in props && props.cluster) {
          const count = props.point_count;
          drawn += count;
          const size = Math.round(Math.min(64, 28 + Math.log10(count) * 12));
          const marker = L.marker(latlng, {
            icon: L.divIcon({
              className: '',
              iconSize: [size, size],
              html: `<div class="gj-cluster" style="width:${size}px;height:${size}px;background:${clusterRing(props)}"><span>${props.point_count_abbreviated}</span></div>`,
            }),
            title: t('map.clusterTitle', { count }),
            alt: t('map.clusterTitle', { count }),
          });
          marker.on('click', () => {
            const next = index.cluster.getClusterExpansionZoom(props.cluster_id);
            if (next <= CLUSTER_MAX_ZOOM) {
              map.setView(latlng, Math.min(next, map.getMaxZoom()));
            } else {
              // Projects at one spot: no zoom separates them, so list them.
              const leaves = index.cluster.getLeaves(props.cluster_id, 30);
              const shown = leaves.flatMap((leaf) => {
                const p = points[leaf.properties.i];
                return p ? [p] : [];
              });
              open(latlng, shown, count);
            }
          });
          layer.addLayer(marker);
          continue;
        }
        const point = points[(props as { i: number }).i];
        if (!point) continue;
        drawn += 1;
        const marker = L.circleMarker(latlng, {
          radius: 7,
          color: '#ffffff',
          weight: 1.5,
          fillColor: pointColor(point),
          fillOpacity: 0.95,
        });
        marker.bindTooltip(point.name, { direction: 'top', offset: [0, -6] });
        marker.on('click', () => open(latlng, [point], 1));
        layer.addLayer(marker);
        if (singles.length < EXPOSED_SINGLES) {
          const at = map.latLngToContainerPoint(latlng);
          singles.push({ id: point.id, x: Math.round(at.x), y: Math.round(at.y) });
        }
      }
      const element = containerRef.current;
      if (element) {
        element.dataset.drawn = String(drawn);
        element.dataset.markers = String(features.length);
        element.dataset.singles = JSON.stringify(singles);
      }
    };
    draw();
    map.on('moveend', draw);
    return () => {
      map.off('moveend', draw);
      layer.remove();
    };
  }, [map, index, points, pointColor, clusterRing, open, t]);

  // A new set of points (other filters, or the base switched system): show all of them.
  useEffect(() => {
    if (!map) return;
    map.closePopup();
    // A notice above the map may have just changed its height.
    map.invalidateSize({ pan: false });
    const { display } = index;
    if (display.length === 0) {
      map.setView(ZONE_CENTER, ZONE_ZOOM);
      return;
    }
    let south = 90;
    let north = -90;
    let west = 180;
    let east = -180;
    for (const d of display) {
      south = Math.min(south, d.lat);
      north = Math.max(north, d.lat);
      west = Math.min(west, d.lng);
      east = Math.max(east, d.lng);
    }
    map.fitBounds(
      [
        [south, west],
        [north, east],
      ],
      { padding: [40, 40], maxZoom: 15, animate: false },
    );
  }, [map, index]);

  useEffect(() => {
    selection?.popup.update();
  }, [selection]);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      {base.fellBack ? (
        <Alert type="warning" showIcon banner message={t('map.tilesFailed')} style={{ marginBottom: 8 }} />
      ) : null}
      {districts.error ? (
        <Alert
          type="warning"
          showIcon
          banner
          message={t('map.districtsFailed')}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      <section
        ref={containerRef}
        className="gj-map"
        data-testid="project-map"
        data-base={base.mode}
        data-crs={base.crs}
        data-points={points.length}
        data-outlines={districts.data ? 'ready' : 'loading'}
        aria-label={t('map.title')}
        style={{ flex: 1, minHeight: 0 }}
      />
      {/* A portal, not a second React root: the card keeps the router, the language and antd's theme. */}
      {selection
        ? createPortal(<MapPointCard points={selection.points} total={selection.total} />, selection.element)
        : null}
    </div>
  );
}
