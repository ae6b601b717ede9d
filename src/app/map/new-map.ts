/** One MapLibre map with our style: shared by the walker's maps and the public page. */
import type { LngLatBoundsLike, Map as MapLibreMap, MapOptions } from 'maplibre-gl';
import { MAP_SPRITE } from '../icons/icon-set.ts';
import { basemapStyle } from './basemap-style.ts';
import { labelFontFaces } from './fonts.ts';
import { exposeForTests } from './load-maplibre.ts';
import { FIT_BOUNDS } from './map-constants.ts';
import { mapStyle, type InitialData } from './style.ts';

type MapLibre = typeof import('maplibre-gl');

export interface MapPlacement {
  center: [number, number];
  zoom: number;
  bounds?: LngLatBoundsLike | null;
  /** GeoJSON for our sources, drawn with the style's first load. */
  data?: InitialData;
  /** False: the caller hands the map to end-to-end tests itself (exposeForTests), once it holds what they look for. */
  exposed?: boolean;
  options?: Partial<MapOptions>;
}

/** The kind badges' sprite on our origin (MapLibre wants an absolute URL; it adds `@2x.png`, `.json`…). */
export const spriteUrl = (): string => new URL(`${import.meta.env.BASE_URL}${MAP_SPRITE}`, location.href).href;

/**
 * A MapLibre map with our style and kind sprite over the given basemap (a `pmtiles://` URL, or none: a plain
 * background), its attribution when there is a basemap, and `window.__map` with `?test=1` (unless `exposed` is false).
 */
export function newMap(
  maplibre: MapLibre,
  container: HTMLElement,
  o: MapPlacement & { basemapUrl: string | null; lang: string; customAttribution?: string },
): MapLibreMap {
  const map = new maplibre.Map({
    container,
    style: mapStyle({
      fontFaces: labelFontFaces(),
      sprite: spriteUrl(),
      ...(o.data ? { data: o.data } : {}),
      basemap: o.basemapUrl ? basemapStyle(o.basemapUrl, o.lang) : null,
    }),
    center: o.center,
    zoom: o.zoom,
    ...(o.bounds ? { bounds: o.bounds, fitBoundsOptions: FIT_BOUNDS } : {}),
    maxZoom: 20,
    attributionControl: false,
    ...o.options,
  });
  // Bottom left, clear of the thumb-side "locate me" button.
  if (o.basemapUrl || o.customAttribution) {
    map.addControl(new maplibre.AttributionControl({ compact: true, ...(o.customAttribution ? { customAttribution: o.customAttribution } : {}) }), 'bottom-left');
  }
  if (o.exposed !== false) exposeForTests(map);
  return map;
}

