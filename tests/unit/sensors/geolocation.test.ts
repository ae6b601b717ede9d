import { describe, expect, it } from 'vitest';
import { GEO_OPTIONS, GeoError, geoErrorKey, locate } from '../../../src/app/sensors/use-geolocation.ts';
import { LIMITS } from '../../../src/core/observation.ts';

type Outcome = { coords: { longitude: number; latitude: number; accuracy: number } } | { code: number };

/** A navigator.geolocation that answers once with the given outcome and records the options. */
function fakeGeolocation(outcome: Outcome) {
  const calls: (PositionOptions | undefined)[] = [];
  const geo = {
    getCurrentPosition(ok: PositionCallback, fail?: PositionErrorCallback | null, options?: PositionOptions) {
      calls.push(options);
      if ('code' in outcome) fail?.({ code: outcome.code, message: 'x' } as GeolocationPositionError);
      else ok({ coords: outcome.coords, timestamp: 0 } as unknown as GeolocationPosition);
    },
    watchPosition: () => 0,
    clearWatch: () => undefined,
  } as Geolocation;
  return { geo, calls };
}

async function errorKeyOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GeoError) return e.key;
    throw e;
  }
  throw new Error('expected a GeoError, got a position');
}

describe('geoErrorKey', () => {
  it('maps the three GeolocationPositionError codes, and anything else to unavailable', () => {
    expect(geoErrorKey(1)).toBe('geo.denied');
    expect(geoErrorKey(2)).toBe('geo.unavailable');
    expect(geoErrorKey(3)).toBe('geo.timeout');
    expect(geoErrorKey(0)).toBe('geo.unavailable');
  });
});

describe('locate', () => {
  it('passes the position and its accuracy through as a GPS position, asking for high accuracy', async () => {
    const { geo, calls } = fakeGeolocation({ coords: { longitude: 4.35, latitude: 50.85, accuracy: 12.5 } });
    await expect(locate(geo)).resolves.toEqual({ lon: 4.35, lat: 50.85, accuracy: 12.5, source: 'gps' });
    expect(calls[0]).toEqual(GEO_OPTIONS);
    expect(GEO_OPTIONS.enableHighAccuracy).toBe(true);
    expect(GEO_OPTIONS.timeout).toBe(15_000);
  });

  it('caps an absurd accuracy at the schema limit', async () => {
    const { geo } = fakeGeolocation({ coords: { longitude: 4.35, latitude: 50.85, accuracy: 5e6 } });
    expect((await locate(geo)).accuracy).toBe(LIMITS.accuracy);
  });

  it('rejects with the message key of each failure', async () => {
    expect(await errorKeyOf(locate(fakeGeolocation({ code: 1 }).geo))).toBe('geo.denied');
    expect(await errorKeyOf(locate(fakeGeolocation({ code: 2 }).geo))).toBe('geo.unavailable');
    expect(await errorKeyOf(locate(fakeGeolocation({ code: 3 }).geo))).toBe('geo.timeout');
  });

  it('says unavailable when the browser has no Geolocation API', async () => {
    expect(await errorKeyOf(locate(undefined))).toBe('geo.unavailable');
  });
});
