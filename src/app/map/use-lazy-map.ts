/**
 * The life of a map that both maps share: MapLibre and its runtime loaded on first use, the map
 * built once (and dropped if the component went away meanwhile), labels in the UI's language once
 * it is ready and has a basemap, removed on unmount; `failed` when it could not start.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useLanguage } from '../i18n/language.ts';
import type { BasemapOrigin } from './basemap.ts';
import type { CreateMapOptions, CreatedMap } from './create-map.ts';
import { loadMapRuntime, type MapRuntime } from './load-map-runtime.ts';
import { forgetTestMap } from './load-maplibre.ts';

export interface MapInit {
  options: CreateMapOptions;
  /** Wires the new map up; calls `markReady` once its own sources and layers are in. May return a cleanup. */
  setup: (created: CreatedMap & { runtime: MapRuntime }, markReady: () => void) => (() => void) | void;
}

export interface LazyMap {
  mapRef: RefObject<MapLibreMap | null>;
  ready: boolean;
  failed: boolean;
  basemap: BasemapOrigin | null;
}

/** `init` runs once, when the component mounts; later prop changes flow through the caller's effects. */
export function useLazyMap(container: { current: HTMLElement | null }, init: () => MapInit): LazyMap {
  const mapRef = useRef<MapLibreMap | null>(null);
  const runtimeRef = useRef<MapRuntime | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const [basemap, setBasemap] = useState<BasemapOrigin | null>(null);
  const lang = useLanguage();

  useEffect(() => {
    let cancelled = false;
    let map: MapLibreMap | null = null;
    let cleanup: (() => void) | void;
    const target = container.current;
    if (!target) return;
    const { options, setup } = init();
    loadMapRuntime()
      .then(async (runtime) => ({ runtime, ...(await runtime.createMap(target, options)) }))
      .then((created) => {
        map = created.map;
        if (cancelled) {
          forgetTestMap(created.map);
          created.map.remove();
          return;
        }
        setBasemap(created.basemap);
        runtimeRef.current = created.runtime;
        mapRef.current = created.map;
        cleanup = setup(created, () => setReady(true));
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      cleanup?.();
      forgetTestMap(map);
      map?.remove();
      mapRef.current = null;
    };
    // The map is built once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (ready && map && basemap !== 'none') runtimeRef.current?.applyLabelLanguage(map, lang);
  }, [ready, basemap, lang]);

  return { mapRef, ready, failed, basemap };
}
