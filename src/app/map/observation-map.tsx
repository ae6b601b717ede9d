/**
 * The map of observations: clustered points coloured and badged by kind, view cones, the shared
 * map underneath (its devices can be tapped too), "locate me". MapLibre is loaded lazily the first
 * time a map is shown.
 */
import { useEffect, useRef } from 'preact/hooks';
import './map.css';
import type { GeoJSONSource, Map as MapLibreMap, MapGeoJSONFeature, Marker } from 'maplibre-gl';
import type { LonLat } from '../../core/geometry.ts';
import type { MapPoint } from '../../core/map-point.ts';
import { exposeForTests, loadMaplibre } from './load-maplibre.ts';
import { observationBounds, observationCones, observationPoints, pointAt, pointsByKind } from './observation-features.ts';
import { BRUSSELS, CONES_MIN_ZOOM, FIT_BOUNDS, LAYER, SOURCE } from './map-constants.ts';
import { useMapText } from './map-text.ts';
import { useGeolocation } from '../sensors/use-geolocation.ts';
import { useLazyMap } from './use-lazy-map.ts';
import { UiIconView } from '../icons/icon.tsx';

export { BRUSSELS };

export interface ObservationMapProps {
  /**
   * The observations drawn on top (their map points, core/map-point.ts); null while they are still
   * being read: the map is made meanwhile, and they are drawn (and the view fitted to them) when they come.
   */
  points: MapPoint[] | null;
  /** Other people's observations (the shared map), drawn underneath ours. */
  shared?: MapPoint[];
  /** A tap on one of `points` or of `shared`: its id. */
  onSelect: (id: string) => void;
  /** Where to move the view when it changes (a queued observation the moderator looks at). */
  focus?: LonLat | null;
  /** A small map inside a view (the moderation view) rather than a whole view. */
  compact?: boolean;
  /** The map region's accessible name, when not the app's map. */
  label?: string;
  testId?: string;
  /** Called once, when the map has drawn its first observations or could not start. */
  onDrawn?: () => void;
}

/** Pixels around a tap that still hit a point: a shared device's ring is smaller than a finger. */
const TAP_SLOP = 10;

/**
 * The cones are computed and sent to MapLibre only from one zoom level below their layers' (never
 * at a city-wide start): a thousand polygons the first view would not draw.
 */
const CONES_FROM_ZOOM = CONES_MIN_ZOOM - 1;

const NO_POINTS: readonly MapPoint[] = [];

function setData(map: MapLibreMap, source: string, data: unknown): Promise<void> {
  const s = map.getSource<GeoJSONSource>(source);
  return s?.setData(data as Parameters<GeoJSONSource['setData']>[0]) ?? Promise.resolve();
}

export function ObservationMap({ points: observations, shared = NO_POINTS as MapPoint[], onSelect, focus = null, compact = false, label, testId = 'observation-map', onDrawn }: ObservationMapProps) {
  const text = useMapText();
  const container = useRef<HTMLDivElement>(null);
  const meMarker = useRef<Marker | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const firstObservations = useRef(observations);
  /** The observations the points source holds (null: none sent yet); ones known at mount go with the style. */
  const drawn = useRef<MapPoint[] | null>(null);
  /** The observations the cones source holds (it starts empty, see CONES_FROM_ZOOM). */
  const conesDrawn = useRef<readonly MapPoint[]>(NO_POINTS);
  const sharedDrawn = useRef<readonly MapPoint[]>(NO_POINTS);
  const onDrawnRef = useRef(onDrawn);
  const reportDrawn = () => {
    onDrawnRef.current?.();
    onDrawnRef.current = undefined;
  };
  const geo = useGeolocation();
  /** The observation of mine a tapped point stands for (my points are sent by kind, see pointsByKind). */
  const myPointId = (hit: MapGeoJSONFeature | undefined): string | undefined => {
    const kind: unknown = hit?.properties?.['kind'];
    if (!hit || hit.geometry.type !== 'Point' || typeof kind !== 'string') return undefined;
    const [lon, lat] = hit.geometry.coordinates as [number, number];
    return pointAt(drawn.current ?? NO_POINTS, kind, lon, lat)?.id;
  };
  /** Sends the cones of the current observations once the view is near enough to draw them. */
  const syncCones = (map: MapLibreMap) => {
    const current = drawn.current ?? NO_POINTS;
    if (map.getZoom() < CONES_FROM_ZOOM || conesDrawn.current === current || !map.getSource(SOURCE.cones)) return;
    conesDrawn.current = current;
    setData(map, SOURCE.cones, observationCones(current));
  };

  const { mapRef, ready, failed, basemap } = useLazyMap(container, () => ({
    options: {
      center: [BRUSSELS.lon, BRUSSELS.lat],
      zoom: BRUSSELS.zoom,
      ...(firstObservations.current && {
        bounds: observationBounds(firstObservations.current),
        data: { [SOURCE.observations]: pointsByKind((drawn.current = firstObservations.current)) },
      }),
      // Tests reach the map once it has its first observations (see the effect that sends them).
      exposed: false,
    },
    setup: ({ map: m }, markReady) => {
      // Our sources exist from the style's load on: observations read later can be sent at once.
      m.once('style.load', markReady);
      m.on('load', () => syncCones(m));
      if (drawn.current) {
        exposeForTests(m);
        m.once('load', reportDrawn);
      }
      m.on('zoom', () => syncCones(m));
      // One handler for every point layer, topmost first, so a tap on a badge selects once.
      m.on('click', (e) => {
        const layers = [LAYER.icons, LAYER.points, LAYER.shared].filter((id) => m.getLayer(id));
        const { x, y } = e.point;
        const near: [[number, number], [number, number]] = [
          [x - TAP_SLOP, y - TAP_SLOP],
          [x + TAP_SLOP, y + TAP_SLOP],
        ];
        const hit: MapGeoJSONFeature | undefined = m.queryRenderedFeatures(near, { layers })[0];
        const id = hit?.layer.id === LAYER.shared ? hit.properties?.['id'] : myPointId(hit);
        if (typeof id === 'string') onSelectRef.current(id);
      });
      m.on('click', LAYER.clusters, (e) => {
        const feature = e.features?.[0];
        const clusterId = feature?.properties?.['cluster_id'];
        if (!feature || typeof clusterId !== 'number' || feature.geometry.type !== 'Point') return;
        const center = feature.geometry.coordinates as [number, number];
        void m
          .getSource<GeoJSONSource>(SOURCE.observations)
          ?.getClusterExpansionZoom(clusterId)
          .then((zoom) => m.easeTo({ center, zoom }));
      });
      for (const layer of [LAYER.points, LAYER.icons, LAYER.clusters, LAYER.shared]) {
        m.on('mouseenter', layer, () => (m.getCanvas().style.cursor = 'pointer'));
        m.on('mouseleave', layer, () => (m.getCanvas().style.cursor = ''));
      }
    },
  }));

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || observations === null || observations === drawn.current) return;
    const first = drawn.current === null;
    drawn.current = observations;
    const sent = setData(map, SOURCE.observations, pointsByKind(observations));
    if (first) {
      const bounds = observationBounds(observations);
      if (bounds) map.fitBounds(bounds, { ...FIT_BOUNDS, animate: false });
      exposeForTests(map);
      void sent.then(() => map.once('idle', reportDrawn), reportDrawn);
    }
    syncCones(map);
  }, [ready, observations]);

  useEffect(() => {
    const map = mapRef.current;
    // The source starts empty: an empty list need not be sent again.
    if (!ready || !map || shared === sharedDrawn.current || (shared.length === 0 && sharedDrawn.current.length === 0)) return;
    sharedDrawn.current = shared;
    setData(map, SOURCE.shared, observationPoints(shared));
  }, [ready, shared]);

  useEffect(() => {
    if (failed) reportDrawn();
  }, [failed]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !focus) return;
    map.easeTo({ center: [focus.lon, focus.lat], zoom: Math.max(map.getZoom(), 17) });
  }, [ready, focus?.lon, focus?.lat]);

  // "Locate me": a dot where the device is, and the view moved there.
  useEffect(() => {
    const map = mapRef.current;
    const p = geo.position;
    if (!map || !p) return;
    void loadMaplibre().then(({ maplibre }) => {
      if (!meMarker.current) {
        const dot = document.createElement('div');
        dot.className = 'map-me';
        dot.setAttribute('aria-hidden', 'true');
        meMarker.current = new maplibre.Marker({ element: dot });
      }
      meMarker.current.setLngLat([p.lon, p.lat]).addTo(map);
      map.easeTo({ center: [p.lon, p.lat], zoom: Math.max(map.getZoom(), 16) });
    });
  }, [geo.position]);

  return (
    <div class={compact ? 'observation-map observation-map--compact' : 'observation-map'} data-testid={testId}>
      <div ref={container} class="map-canvas" role="region" aria-label={label ?? text.mapLabel} />
      <button
        type="button"
        class="map-locate"
        data-testid="locate-me"
        aria-label={text.locateMe}
        title={text.locateMe}
        disabled={geo.pending}
        onClick={() => void geo.request()}
      >
        <UiIconView name="locate" />
      </button>
      {basemap === 'none' && (
        <p class="map-hint" data-testid="basemap-hint">
          {text.noBasemap}
        </p>
      )}
      {geo.error && (
        <p class="map-message" role="status">
          {text.geoError(geo.error)}
        </p>
      )}
      {failed && (
        <p class="map-message" role="alert">
          {text.mapFailed}
        </p>
      )}
    </div>
  );
}
