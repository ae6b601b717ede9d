/**
 * Our map style, built in code: a plain light background (or the offline basemap when the server
 * has one), then the shared map, view cones and our own clustered observations on top.
 */
import type { ExpressionSpecification, FontFacesSpecification, GeoJSONSourceSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { KINDS, KIND_META } from '../../core/taxonomy.ts';
import { kindIconId } from '../icons/icon-set.ts';
import { FONT_BOLD } from './fonts.ts';
import { CONES_MIN_ZOOM, LAYER, SOURCE } from './map-constants.ts';

export { BRUSSELS, LAYER, SOURCE } from './map-constants.ts';

/** Light and warm: readable in sunlight, and far from every kind colour. */
export const BACKGROUND_COLOR = '#f2efe9';

export const CLUSTER_RADIUS = 50;
/** Past this zoom every observation stands alone: at street level each one must be tappable. */
export const CLUSTER_MAX_ZOOM = 15;

const EMPTY: { type: 'FeatureCollection'; features: never[] } = { type: 'FeatureCollection', features: [] };

/** `['match', ['get', 'kind'], 'camera', '#c0392b', …, fallback]` from the taxonomy. */
function kindColor(fallback = '#555555'): ExpressionSpecification {
  const pairs = KINDS.flatMap((k) => [k, KIND_META[k].color]);
  return ['match', ['get', 'kind'], ...pairs, fallback] as unknown as ExpressionSpecification;
}

export interface MapStyleOptions {
  /** Font files for labels (see fonts.ts); omitted in unit tests. */
  fontFaces?: FontFacesSpecification;
  /** Our sources' first data (see observationSources). */
  data?: InitialData;
  /** Absolute URL of the kind badges' sprite, without extension (see icon-set.ts); omitted in unit tests. */
  sprite?: string;
  /** Basemap sources and layers drawn under the observations; none means a plain background. */
  basemap?: { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } | null;
}

/** GeoJSON already at hand when the map is made, by source id (`SOURCE`); the rest starts empty. */
export type InitialData = Partial<Record<string, object>>;

/**
 * Our sources. Data given here goes with the style, so MapLibre's worker reads it while the style
 * loads rather than after the map's `load` event (one pass instead of an empty one and a second).
 */
export function observationSources(data: InitialData = {}): Record<string, SourceSpecification> {
  const initial = (id: string) => (data[id] ?? EMPTY) as GeoJSONSourceSpecification['data'];
  return {
    [SOURCE.observations]: {
      type: 'geojson',
      data: initial(SOURCE.observations),
      cluster: true,
      clusterRadius: CLUSTER_RADIUS,
      clusterMaxZoom: CLUSTER_MAX_ZOOM,
    },
    [SOURCE.cones]: { type: 'geojson', data: initial(SOURCE.cones) },
    [SOURCE.shared]: { type: 'geojson', data: initial(SOURCE.shared) },
  };
}

export function observationLayers(): LayerSpecification[] {
  return [
    {
      // Other people's observations: hollow, smaller rings, so one's own stand out.
      id: LAYER.shared,
      type: 'circle',
      source: SOURCE.shared,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 3, 16, 6],
        'circle-color': '#ffffff',
        'circle-opacity': 0.8,
        'circle-stroke-color': kindColor(),
        'circle-stroke-width': 2,
      },
    },
    {
      id: LAYER.cones,
      type: 'fill',
      source: SOURCE.cones,
      minzoom: CONES_MIN_ZOOM,
      paint: { 'fill-color': kindColor(), 'fill-opacity': 0.22 },
    },
    {
      id: LAYER.conesOutline,
      type: 'line',
      source: SOURCE.cones,
      minzoom: CONES_MIN_ZOOM,
      paint: { 'line-color': kindColor(), 'line-width': 1, 'line-opacity': 0.6 },
    },
    {
      id: LAYER.clusters,
      type: 'circle',
      source: SOURCE.observations,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': '#1f3a5f',
        'circle-radius': ['step', ['get', 'point_count'], 16, 10, 20, 100, 26, 1000, 32],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: LAYER.clusterCount,
      type: 'symbol',
      source: SOURCE.observations,
      filter: ['has', 'point_count'],
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': [FONT_BOLD],
        'text-size': 14,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: LAYER.points,
      type: 'circle',
      source: SOURCE.observations,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': kindColor(),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 6, 16, 13],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      // The kind's badge, from the sprite built with the app (scripts/icons): nothing drawn at load.
      id: LAYER.icons,
      type: 'symbol',
      source: SOURCE.observations,
      filter: ['!', ['has', 'point_count']],
      minzoom: 13,
      layout: {
        'icon-image': ['concat', kindIconId(''), ['get', 'kind']],
        'icon-size': ['interpolate', ['linear'], ['zoom'], 13, 0.65, 17, 1],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
  ];
}

export function mapStyle(options: MapStyleOptions = {}): StyleSpecification {
  const basemap = options.basemap ?? null;
  return {
    version: 8,
    name: 'Contrechamp',
    ...(options.fontFaces ? { 'font-faces': options.fontFaces } : {}),
    ...(options.sprite ? { sprite: options.sprite } : {}),
    sources: { ...basemap?.sources, ...observationSources(options.data) },
    layers: [
      { id: LAYER.background, type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
      ...(basemap?.layers ?? []),
      ...observationLayers(),
    ],
  };
}
