/**
 * The MapLibre map of the public page: standing devices clustered with their kind icons, view
 * cones where the direction is known, removed devices greyed when asked for, the visitor's route,
 * and (communes view) the commune polygons as a choropleth. Our basemap when the server has one;
 * no request leaves our origin. With `?test=1` the map is `window.__map`.
 */
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'preact/hooks';
import { KIND_META, hasDirection } from '../core/taxonomy.ts';
import { directionsOf } from '../core/direction.ts';
import { viewAreas } from '../core/exposure.ts';
import { watchingFeature } from '../core/map-feed.ts';
import { OPEN_DATA_LICENSE } from '../core/public-device.ts';
import { loadMaplibre } from '../app/map/load-maplibre.ts';
import { BRUSSELS, LAYER, SOURCE } from '../app/map/map-constants.ts';
import { newMap } from '../app/map/new-map.ts';
import { fetchServerBasemap } from '../sync/server-basemap.ts';
import type { CommuneCollection } from '../core/commune-index.ts';
import type { Device } from './public-data.ts';
import { useText } from './i18n/text.ts';

const REMOVED = 'removed-devices';
const ROUTE = 'route';
const COMMUNE_FILL = 'commune-fill';
const COMMUNE_LINE = 'commune-line';

type Collection = { type: 'FeatureCollection'; features: object[] };
const collection = (features: object[]): Collection => ({ type: 'FeatureCollection', features });

function pointFeatures(devices: readonly Device[]): Collection {
  return collection(
    devices.map((d) => ({
      type: 'Feature',
      properties: { id: d.id, kind: d.kind, color: KIND_META[d.kind].color },
      geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
    })),
  );
}

function coneFeatures(devices: readonly Device[]): Collection {
  const out: object[] = [];
  for (const d of devices) {
    if (!hasDirection(d.kind) || directionsOf(d.direction).length === 0) continue;
    for (const ring of viewAreas(watchingFeature(d))) {
      out.push({ type: 'Feature', properties: { id: d.id, kind: d.kind }, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return collection(out);
}

export interface PublicMapProps {
  standing: readonly Device[];
  removed: readonly Device[];
  /** The visitor's route: one or more lines of [lon, lat]. */
  route?: readonly (readonly [number, number][])[];
  /** Density (devices per km²) by NIS code: draws `communes` as a choropleth. */
  density?: Record<string, number> | null;
  /** The communes' boundaries, with `density`. */
  communes?: CommuneCollection;
  onDevice?: (id: string) => void;
  onMapClick?: (lonLat: [number, number]) => void;
  label: string;
}

function addLayers(map: MapLibreMap): void {
  map.addSource(REMOVED, { type: 'geojson', data: collection([]) as never });
  map.addSource(ROUTE, { type: 'geojson', data: collection([]) as never });
  // The boundaries come with the first choropleth (communes view): the map of devices needs none.
  map.addSource('communes', { type: 'geojson', data: collection([]) as never });
  const beforePoints = map.getLayer(LAYER.cones) ? LAYER.cones : undefined;
  map.addLayer(
    { id: COMMUNE_FILL, type: 'fill', source: 'communes', layout: { visibility: 'none' }, paint: { 'fill-color': '#1f3a5f', 'fill-opacity': 0.1 } },
    beforePoints,
  );
  map.addLayer(
    { id: COMMUNE_LINE, type: 'line', source: 'communes', layout: { visibility: 'none' }, paint: { 'line-color': '#1f3a5f', 'line-width': 1.2 } },
    beforePoints,
  );
  map.addLayer({
    id: REMOVED,
    type: 'circle',
    source: REMOVED,
    paint: { 'circle-color': '#9a9a9a', 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2, 'circle-opacity': 0.8 },
  });
  map.addLayer({ id: ROUTE, type: 'line', source: ROUTE, paint: { 'line-color': '#111111', 'line-width': 4, 'line-dasharray': [2, 1] } });
}

/** Darker for denser communes: seven steps from none to 50 devices per km² and over. */
function choropleth(density: Record<string, number>): unknown[] {
  const pairs = Object.entries(density).flatMap(([nis, value]) => [nis, value]);
  const value = pairs.length ? ['match', ['get', 'nis'], ...pairs, 0] : 0;
  return ['step', value, '#f7fbff', 0.01, '#deebf7', 1, '#c6dbef', 5, '#9ecae1', 10, '#6baed6', 25, '#3182bd', 50, '#08519c'];
}

export function PublicMap(props: PublicMapProps) {
  const { lang, t } = useText();
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [noBasemap, setNoBasemap] = useState(false);
  const handlers = useRef(props);
  handlers.current = props;

  useEffect(() => {
    let live = true;
    let created: MapLibreMap | null = null;
    void Promise.all([loadMaplibre(), fetchServerBasemap()]).then(([{ maplibre }, server]) => {
      if (!live || !container.current) return;
      const basemapUrl = server?.available && server.url ? `pmtiles://${new URL(server.url, location.href).href}` : null;
      setNoBasemap(!basemapUrl);
      created = newMap(maplibre, container.current, {
        center: [BRUSSELS.lon, BRUSSELS.lat],
        zoom: 11,
        // The whole Region at first, on a phone as on a desktop.
        bounds: [
          [4.24, 50.76],
          [4.48, 50.92],
        ],
        basemapUrl,
        lang,
        customAttribution: OPEN_DATA_LICENSE.attribution,
      });
      const m = created;
      m.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
      m.on('load', () => {
        addLayers(m);
        if (live) setMap(m);
      });
      const openDevice = (e: MapMouseEvent & { features?: { properties: { id?: string } }[] }) => {
        const id = e.features?.[0]?.properties.id;
        if (id && !handlers.current.onMapClick) handlers.current.onDevice?.(id);
      };
      for (const layer of [LAYER.points, LAYER.icons, REMOVED]) {
        m.on('click', layer, openDevice);
        m.on('mouseenter', layer, () => (m.getCanvas().style.cursor = 'pointer'));
        m.on('mouseleave', layer, () => (m.getCanvas().style.cursor = ''));
      }
      m.on('click', LAYER.clusters, (e) => {
        if (handlers.current.onMapClick) return;
        const feature = m.queryRenderedFeatures(e.point, { layers: [LAYER.clusters] })[0];
        const clusterId = feature?.properties?.cluster_id as number | undefined;
        if (clusterId === undefined) return;
        void (m.getSource(SOURCE.observations) as GeoJSONSource)
          .getClusterExpansionZoom(clusterId)
          .then((zoom) => m.easeTo({ center: e.lngLat, zoom }));
      });
      m.on('click', (e) => handlers.current.onMapClick?.([e.lngLat.lng, e.lngLat.lat]));
    });
    return () => {
      live = false;
      created?.remove();
    };
    // One map for the life of the component; data follows in the effects below.
  }, []);

  useEffect(() => {
    if (!map) return;
    (map.getSource(SOURCE.observations) as GeoJSONSource).setData(pointFeatures(props.standing) as never);
    (map.getSource(SOURCE.cones) as GeoJSONSource).setData(coneFeatures(props.standing) as never);
    (map.getSource(REMOVED) as GeoJSONSource).setData(pointFeatures(props.removed) as never);
  }, [map, props.standing, props.removed]);

  useEffect(() => {
    if (!map) return;
    const lines = (props.route ?? []).filter((l) => l.length >= 2);
    (map.getSource(ROUTE) as GeoJSONSource).setData(
      collection(lines.length ? [{ type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: lines } }] : []) as never,
    );
  }, [map, props.route]);

  useEffect(() => {
    if (!map) return;
    const on = props.density ? 'visible' : 'none';
    map.setLayoutProperty(COMMUNE_FILL, 'visibility', on);
    map.setLayoutProperty(COMMUNE_LINE, 'visibility', on);
    if (props.density) {
      map.setPaintProperty(COMMUNE_FILL, 'fill-color', choropleth(props.density) as never);
      map.setPaintProperty(COMMUNE_FILL, 'fill-opacity', 0.7);
    }
    if (props.density && props.communes) (map.getSource('communes') as GeoJSONSource | undefined)?.setData(props.communes as never);
  }, [map, props.density, props.communes]);

  return (
    <div class="public-map-frame">
      <div ref={container} class="public-map" data-testid="public-map" role="region" aria-label={props.label} />
      {noBasemap && <p class="hint">{t('map.noBasemap')}</p>}
    </div>
  );
}
