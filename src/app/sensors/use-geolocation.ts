/**
 * The device position from the Geolocation API, with its accuracy, and the three ways it fails
 * mapped to message keys the UI translates (the picker is the fallback in every case).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { KeyedError } from '../../core/keyed-error.ts';
import { LIMITS, type Position } from '../../core/observation.ts';

export type GeoErrorKey = 'geo.denied' | 'geo.unavailable' | 'geo.timeout';

export class GeoError extends KeyedError<GeoErrorKey> {
  override name = 'GeoError';
  constructor(key: GeoErrorKey) {
    super(key, key);
  }
}

export const GEO_OPTIONS: PositionOptions = { enableHighAccuracy: true, timeout: 15_000, maximumAge: 10_000 };

/** GeolocationPositionError codes: 1 PERMISSION_DENIED, 2 POSITION_UNAVAILABLE, 3 TIMEOUT. */
export function geoErrorKey(code: number): GeoErrorKey {
  if (code === 1) return 'geo.denied';
  if (code === 3) return 'geo.timeout';
  return 'geo.unavailable';
}

export function toPosition(coords: Pick<GeolocationCoordinates, 'longitude' | 'latitude' | 'accuracy'>): Position {
  const accuracy = Number.isFinite(coords.accuracy) ? Math.min(Math.max(coords.accuracy, 0), LIMITS.accuracy) : null;
  return { lon: coords.longitude, lat: coords.latitude, accuracy, source: 'gps' };
}

/** One fix; rejects with a GeoError. No Geolocation API (insecure context, old browser) is "unavailable". */
export function locate(geolocation: Geolocation | undefined, options: PositionOptions = GEO_OPTIONS): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!geolocation) {
      reject(new GeoError('geo.unavailable'));
      return;
    }
    geolocation.getCurrentPosition(
      (p) => resolve(toPosition(p.coords)),
      (e) => reject(new GeoError(geoErrorKey(e.code))),
      options,
    );
  });
}

export interface GeolocationState {
  position: Position | null;
  error: GeoErrorKey | null;
  pending: boolean;
  request: () => Promise<Position | null>;
}

const deviceGeolocation = (): Geolocation | undefined =>
  typeof navigator !== 'undefined' && 'geolocation' in navigator ? navigator.geolocation : undefined;

/** `request()` asks for one fix; with `{ immediate: true }` it is asked once on mount. */
export function useGeolocation(options: { immediate?: boolean } = {}): GeolocationState {
  const [position, setPosition] = useState<Position | null>(null);
  const [error, setError] = useState<GeoErrorKey | null>(null);
  const [pending, setPending] = useState(false);
  const alive = useRef(true);

  const request = useCallback(async (): Promise<Position | null> => {
    setPending(true);
    try {
      const p = await locate(deviceGeolocation());
      if (alive.current) {
        setPosition(p);
        setError(null);
      }
      return p;
    } catch (e) {
      if (alive.current) setError(e instanceof GeoError ? e.key : 'geo.unavailable');
      return null;
    } finally {
      if (alive.current) setPending(false);
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    if (options.immediate) void request();
    return () => {
      alive.current = false;
    };
    // Only on mount: `immediate` is a mount-time choice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return { position, error, pending, request };
}
