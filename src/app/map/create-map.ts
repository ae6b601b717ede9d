/**
 * Builds a MapLibre map with our style: loads MapLibre, picks the basemap (device, server or
 * none), declares the label fonts, and exposes the map to end-to-end tests with `?test=1`.
 * Imported dynamically by the map components, so the style and all it needs load with MapLibre.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { getLanguage } from '../i18n/language.ts';
import { holdReadAtStart, takeReadAtStart } from '../shell/first-screen.ts';
import { resolveBasemap, type BasemapOrigin, type ResolvedBasemap } from './basemap.ts';
import { NAMED_LAYERS, nameField } from './basemap-style.ts';
import { loadMaplibre } from './load-maplibre.ts';
import { newMap, type MapPlacement } from './new-map.ts';

type MapLibre = typeof import('maplibre-gl');

export interface CreatedMap {
  map: MapLibreMap;
  maplibre: MapLibre;
  basemap: BasemapOrigin;
}

export type CreateMapOptions = MapPlacement;

/** Which basemap, looked up while MapLibre loads rather than after it. */
const lookUpBasemap = (): Promise<ResolvedBasemap> => resolveBasemap(async () => (await loadMaplibre()).protocol);

/**
 * For a page that opens on the map: loads MapLibre and looks the basemap up before the view has
 * mounted the map's container, so createMap finds both under way (the lookup is held as a read at
 * start: first-screen.ts). Failures are createMap's to report.
 */
export function prepareMap(): void {
  loadMaplibre().catch(() => undefined);
  const lookup = lookUpBasemap();
  lookup.catch(() => undefined);
  holdReadAtStart('basemap', lookup);
}

export async function createMap(container: HTMLElement, o: CreateMapOptions): Promise<CreatedMap> {
  const [{ maplibre }, basemap] = await Promise.all([loadMaplibre(), takeReadAtStart('basemap') ?? lookUpBasemap()]);
  const map = newMap(maplibre, container, { ...o, basemapUrl: basemap.url, lang: getLanguage() });
  return { map, maplibre, basemap: basemap.origin };
}

/** Street and place names follow the UI language where the tiles carry it. */
export function applyLabelLanguage(map: MapLibreMap, lang: string): void {
  for (const id of NAMED_LAYERS) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'text-field', nameField(lang));
  }
}

