/**
 * Loads MapLibre on first use only, so the list view never pays for it. The worker is a separate
 * module file that Vite emits (and the PWA precaches), pointed at once with setWorkerUrl and started
 * at once (prewarm), so it compiles while the view still reads its data and stays for the next map;
 * the pmtiles protocol is registered once, for the basemap archive.
 */
import type { Protocol } from 'pmtiles';

type MapLibre = typeof import('maplibre-gl');

export interface LoadedMapLibre {
  maplibre: MapLibre;
  protocol: Protocol;
}

let loading: Promise<LoadedMapLibre> | null = null;

export function loadMaplibre(): Promise<LoadedMapLibre> {
  loading ??= Promise.all([
    import('maplibre-gl'),
    import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
    import('pmtiles'),
    import('maplibre-gl/dist/maplibre-gl.css'),
  ]).then(([maplibre, worker, pmtiles]) => {
    maplibre.setWorkerUrl(worker.default);
    maplibre.prewarm();
    const protocol = new pmtiles.Protocol();
    maplibre.addProtocol('pmtiles', protocol.tile);
    return { maplibre, protocol };
  });
  // A failed chunk load (offline before the shell was cached) may succeed on the next try.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** With `?test=1`, end-to-end tests reach the map as `window.__map`. */
export function exposeForTests(map: unknown): void {
  if (typeof location === 'undefined') return;
  if (new URLSearchParams(location.search).get('test') === '1') {
    (globalThis as { __map?: unknown }).__map = map;
  }
}

export function forgetTestMap(map: unknown): void {
  const g = globalThis as { __map?: unknown };
  if (map && g.__map === map) delete g.__map;
}
