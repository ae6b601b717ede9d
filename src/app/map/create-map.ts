/**
 * Builds a MapLibre map with our style: loads MapLibre, picks the basemap (device, server or
 * none), declares the label fonts, and exposes the map to end-to-end tests with `?test=1`.
 * Imported dynamically by the map components, so the style and all it needs load with MapLibre.
 */
import type { LngLatBoundsLike, Map as MapLibreMap, MapOptions } from 'maplibre-gl';
import { getLanguage } from '../i18n/language.ts';
import { resolveBasemap, type BasemapOrigin } from './basemap.ts';
import { NAMED_LAYERS, basemapStyle, nameField } from './basemap-style.ts';
import { labelFontFaces } from './fonts.ts';
import { exposeForTests, loadMaplibre } from './load-maplibre.ts';

export { addKindIcons } from './kind-icons.ts';
import { mapStyle } from './style.ts';

type MapLibre = typeof import('maplibre-gl');

export interface CreatedMap {
  map: MapLibreMap;
  maplibre: MapLibre;
  basemap: BasemapOrigin;
}

export interface CreateMapOptions {
  center: [number, number];
  zoom: number;
  bounds?: LngLatBoundsLike | null;
  options?: Partial<MapOptions>;
}

export async function createMap(container: HTMLElement, o: CreateMapOptions): Promise<CreatedMap> {
  const { maplibre, protocol } = await loadMaplibre();
  const basemap = await resolveBasemap(protocol);
  const map = new maplibre.Map({
    container,
    style: mapStyle({
      fontFaces: labelFontFaces(),
      basemap: basemap.url ? basemapStyle(basemap.url, getLanguage()) : null,
    }),
    center: o.center,
    zoom: o.zoom,
    ...(o.bounds ? { bounds: o.bounds, fitBoundsOptions: { padding: 48, maxZoom: 16 } } : {}),
    maxZoom: 20,
    attributionControl: false,
    ...o.options,
  });
  // Bottom left, clear of the thumb-side "locate me" button.
  if (basemap.url) map.addControl(new maplibre.AttributionControl({ compact: true }), 'bottom-left');
  exposeForTests(map);
  return { map, maplibre, basemap: basemap.origin };
}

/** Street and place names follow the UI language where the tiles carry it. */
export function applyLabelLanguage(map: MapLibreMap, lang: string): void {
  for (const id of NAMED_LAYERS) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'text-field', nameField(lang));
  }
}

