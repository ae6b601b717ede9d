/**
 * Loads MapLibre on first use only, so the list view never pays for it. The worker is a separate
 * module file that Vite emits (and the PWA precaches), pointed at once with setWorkerUrl.
 */
type MapLibre = typeof import('maplibre-gl');

let loading: Promise<MapLibre> | null = null;

export function loadMaplibre(): Promise<MapLibre> {
  loading ??= Promise.all([
    import('maplibre-gl'),
    import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
    import('maplibre-gl/dist/maplibre-gl.css'),
  ]).then(([maplibre, worker]) => {
    maplibre.setWorkerUrl(worker.default);
    return maplibre;
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
