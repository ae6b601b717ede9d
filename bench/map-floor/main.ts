/**
 * The map's floor for bench/run.ts: a bare MapLibre page with the app's background (and no
 * basemap, as the bench's app has none), the bench's observations as one GeoJSON source
 * (`points.geojson`, written beside this page by run.ts) in one circle layer, fitted to their
 * bounds as the app fits its map. No store, no clustering, no cones, no badges.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { BACKGROUND_COLOR } from '../../src/app/map/style.ts';

declare global {
  interface Window {
    __map?: maplibregl.Map;
  }
}

const params = new URLSearchParams(location.search);
const bounds = (params.get('bounds') ?? '').split(',').map(Number) as [number, number, number, number];
maplibregl.setWorkerUrl(workerUrl);
window.__map = new maplibregl.Map({
  container: 'map',
  style: {
    version: 8,
    sources: { points: { type: 'geojson', data: new URL('points.geojson', location.href).href } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
      // Named as the app's point layer, so the bench's probe finds it.
      {
        id: 'observation-points',
        type: 'circle',
        source: 'points',
        paint: { 'circle-color': '#c0392b', 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
      },
    ],
  },
  bounds,
  fitBoundsOptions: { padding: 48, maxZoom: 16 },
  maxZoom: 20,
  attributionControl: false,
});
