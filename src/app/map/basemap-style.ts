/**
 * The street map drawn from our PMTiles archive (OpenMapTiles schema, as tilemaker writes it):
 * high-contrast streets with their names, buildings, water, parks, railways, house numbers close
 * up. Tuned for a phone in daylight: strong casings, dark text on light halos.
 */
import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { FONT_BOLD, FONT_REGULAR } from './fonts.ts';

export const BASEMAP_SOURCE = 'basemap';
export const ATTRIBUTION = '© OpenStreetMap contributors';

export const BASEMAP_LAYER = {
  streets: 'bm-streets',
  streetNames: 'bm-street-names',
  buildings: 'bm-buildings',
  water: 'bm-water',
  parks: 'bm-parks',
  railways: 'bm-railways',
} as const;

/**
 * Brussels names are bilingual in `name` ("Rue Neuve - Nieuwstraat"); the build also keeps
 * `name:fr` and `name:nl` where they differ, so labels follow the UI language when they can.
 */
export function nameField(lang: string): ExpressionSpecification {
  const own: ExpressionSpecification[] = lang === 'fr' || lang === 'nl' ? [['get', `name:${lang}`]] : [];
  return ['coalesce', ...own, ['get', 'name:latin'], ['get', 'name']] as ExpressionSpecification;
}

const source = { source: BASEMAP_SOURCE } as const;
const zoomWidth = (stops: [number, number][]): ExpressionSpecification =>
  ['interpolate', ['exponential', 1.5], ['zoom'], ...stops.flat()] as ExpressionSpecification;
const classIn = (...classes: string[]): ExpressionSpecification => ['in', ['get', 'class'], ['literal', classes]];
const notTunnel: ExpressionSpecification = ['!=', ['get', 'brunnel'], 'tunnel'];
const isPedestrian: ExpressionSpecification = ['==', ['get', 'subclass'], 'pedestrian'];

const MINOR = ['minor', 'service', 'unclassified', 'residential', 'living_street'];
const MID = ['tertiary', 'secondary'];
const MAJOR = ['primary', 'trunk', 'motorway'];

function roadLayers(): LayerSpecification[] {
  const line = (
    id: string,
    filter: ExpressionSpecification,
    color: string,
    width: [number, number][],
    minzoom = 0,
  ): LayerSpecification => ({
    id,
    type: 'line',
    ...source,
    'source-layer': 'transportation',
    minzoom,
    filter,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': color, 'line-width': zoomWidth(width) },
  });
  const road = (id: string, classes: string[], color: string, width: [number, number][], minzoom = 0): LayerSpecification =>
    line(id, ['all', classIn(...classes), notTunnel], color, width, minzoom);
  const pedestrian: ExpressionSpecification = ['all', classIn('path'), isPedestrian];
  return [
    // Pedestrian streets are streets in the old centre: drawn wide and pale, not as footpaths.
    line('bm-pedestrian-casing', pedestrian, '#cfc6b8', [[14, 2], [18, 17]], 14),
    line('bm-pedestrian', pedestrian, '#fbf8f2', [[14, 1.4], [18, 14]], 14),
    {
      id: 'bm-paths',
      type: 'line',
      ...source,
      'source-layer': 'transportation',
      minzoom: 14,
      filter: ['all', classIn('path', 'track'), ['!', isPedestrian]],
      paint: { 'line-color': '#8a8175', 'line-width': zoomWidth([[14, 0.6], [18, 2]]), 'line-dasharray': [2, 1.5] },
    },
    road('bm-minor-casing', MINOR, '#b9b0a3', [[12, 0.8], [14, 3], [18, 19]], 12),
    road('bm-mid-casing', MID, '#a89d8d', [[10, 1.2], [14, 5.5], [18, 25]]),
    road('bm-major-casing', MAJOR, '#b98a3e', [[8, 1.5], [14, 7], [18, 30]]),
    road(BASEMAP_LAYER.streets, MINOR, '#ffffff', [[12, 0.4], [14, 2], [18, 16]], 12),
    road('bm-mid', MID, '#fffdf4', [[10, 0.8], [14, 4], [18, 21]]),
    road('bm-major', MAJOR, '#f9d28c', [[8, 1], [14, 5.5], [18, 26]]),
    {
      id: BASEMAP_LAYER.railways,
      type: 'line',
      ...source,
      'source-layer': 'transportation',
      minzoom: 10,
      filter: ['all', classIn('rail', 'transit'), notTunnel],
      paint: { 'line-color': '#6f6a64', 'line-width': zoomWidth([[10, 0.8], [16, 2.5]]) },
    },
    {
      id: 'bm-railways-hatch',
      type: 'line',
      ...source,
      'source-layer': 'transportation',
      minzoom: 13,
      filter: ['all', classIn('rail', 'transit'), notTunnel],
      paint: { 'line-color': '#f2efe9', 'line-width': zoomWidth([[13, 0.6], [16, 1.5]]), 'line-dasharray': [3, 3] },
    },
  ];
}

export function basemapLayers(lang: string): LayerSpecification[] {
  const halo = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 } as const;
  return [
    {
      id: 'bm-landuse',
      type: 'fill',
      ...source,
      'source-layer': 'landuse',
      filter: classIn('cemetery', 'hospital', 'school', 'university', 'college', 'kindergarten', 'stadium', 'pitch', 'playground'),
      paint: { 'fill-color': ['match', ['get', 'class'], 'cemetery', '#d5e0cc', 'hospital', '#f4dede', '#ece4d4'] },
    },
    {
      id: BASEMAP_LAYER.parks,
      type: 'fill',
      ...source,
      'source-layer': 'landcover',
      filter: classIn('grass', 'wood', 'farmland', 'wetland'),
      paint: { 'fill-color': ['match', ['get', 'class'], 'wood', '#b3d69f', '#c8e3b4'] },
    },
    { id: 'bm-park', type: 'fill', ...source, 'source-layer': 'park', paint: { 'fill-color': '#c8e3b4', 'fill-opacity': 0.7 } },
    { id: BASEMAP_LAYER.water, type: 'fill', ...source, 'source-layer': 'water', paint: { 'fill-color': '#9fc8ea' } },
    {
      id: 'bm-waterway',
      type: 'line',
      ...source,
      'source-layer': 'waterway',
      paint: { 'line-color': '#9fc8ea', 'line-width': zoomWidth([[10, 0.8], [16, 4]]) },
    },
    {
      id: BASEMAP_LAYER.buildings,
      type: 'fill',
      ...source,
      'source-layer': 'building',
      minzoom: 13,
      paint: {
        'fill-color': '#dcd3c6',
        'fill-outline-color': '#b8ab99',
        'fill-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0.4, 15, 1],
      },
    },
    {
      id: 'bm-communes',
      type: 'line',
      ...source,
      'source-layer': 'boundary',
      minzoom: 11,
      filter: ['==', ['get', 'admin_level'], 8],
      paint: { 'line-color': '#8e7cc3', 'line-width': 1.2, 'line-dasharray': [4, 2], 'line-opacity': 0.7 },
    },
    ...roadLayers(),
    {
      id: 'bm-housenumbers',
      type: 'symbol',
      ...source,
      'source-layer': 'housenumber',
      minzoom: 17,
      layout: { 'text-field': ['get', 'housenumber'], 'text-font': [FONT_REGULAR], 'text-size': 10 },
      paint: { 'text-color': '#6b6259', ...halo },
    },
    {
      id: 'bm-water-names',
      type: 'symbol',
      ...source,
      'source-layer': 'water_name',
      layout: { 'text-field': nameField(lang), 'text-font': [FONT_REGULAR], 'text-size': 12 },
      paint: { 'text-color': '#2b5d8a', ...halo },
    },
    {
      id: BASEMAP_LAYER.streetNames,
      type: 'symbol',
      ...source,
      'source-layer': 'transportation_name',
      minzoom: 13,
      layout: {
        'symbol-placement': 'line',
        'text-field': nameField(lang),
        'text-font': [FONT_REGULAR],
        'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 16, 13, 18, 15],
        'text-max-angle': 35,
        'symbol-spacing': 300,
      },
      paint: { 'text-color': '#26221e', ...halo },
    },
    {
      id: 'bm-places',
      type: 'symbol',
      ...source,
      'source-layer': 'place',
      filter: classIn('city', 'town', 'suburb', 'quarter', 'neighbourhood', 'village'),
      layout: {
        'text-field': nameField(lang),
        'text-font': [FONT_BOLD],
        'text-size': ['match', ['get', 'class'], 'city', 16, 'town', 14, 13],
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.05,
        'text-max-width': 8,
      },
      paint: { 'text-color': '#4a4038', ...halo },
    },
  ];
}

export function basemapStyle(url: string, lang: string): { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } {
  return {
    sources: { [BASEMAP_SOURCE]: { type: 'vector', url, attribution: ATTRIBUTION } },
    layers: basemapLayers(lang),
  };
}

/** The label layers whose text follows the UI language. */
export const NAMED_LAYERS = ['bm-water-names', BASEMAP_LAYER.streetNames, 'bm-places'] as const;
