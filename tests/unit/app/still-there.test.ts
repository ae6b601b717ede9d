import { describe, expect, it } from 'vitest';
import { isOffered } from '../../../src/app/check/still-there.tsx';
import type { KnownDevice } from '../../../src/app/sync/use-collective-map.ts';
import { destination } from '../../../src/core/geometry.ts';
import type { Publication } from '../../../src/core/publication.ts';
import { makeObservation } from '../store/fixtures.ts';

describe('"still there?" is offered', () => {
  const here = { lon: 4.35, lat: 50.85 };
  const device = (metres: number, publication: Partial<Publication> | undefined, kind: 'camera' | 'drone' = 'camera'): KnownDevice => {
    const [lon, lat] = destination(here.lon, here.lat, 90, metres);
    const observation = makeObservation({ kind, position: { lon, lat, accuracy: 5, source: 'gps' }, details: {} });
    return { id: observation.id, kind, lon, lat, own: false, observation, publication: publication && { id: observation.id, state: 'published', ...publication } };
  };
  const none = new Set<string>();

  it('for a published fixed device within 50 m whose last confirmation is older than the interval', () => {
    expect(isOffered(device(40, { lastConfirmed: '2025-01-01' }), here, '2026-11-30', 365, none)).toBe(true);
    expect(isOffered(device(40, { lastConfirmed: '2026-11-01' }), here, '2026-11-30', 365, none)).toBe(false);
    expect(isOffered(device(40, { lastConfirmed: '2026-11-30' }), here, '2026-11-30', 0, none)).toBe(true);
  });

  it('never farther than 50 m, for an event, for what is not published, or once answered here', () => {
    expect(isOffered(device(60, { lastConfirmed: '2025-01-01' }), here, '2026-11-30', 365, none)).toBe(false);
    expect(isOffered(device(10, { lastConfirmed: '2025-01-01' }, 'drone'), here, '2026-11-30', 365, none)).toBe(false);
    expect(isOffered(device(10, { state: 'removed' }), here, '2026-11-30', 0, none)).toBe(false);
    expect(isOffered(device(10, undefined), here, '2026-11-30', 0, none)).toBe(false);
    const answered = device(10, {});
    expect(isOffered(answered, here, '2026-11-30', 0, new Set([answered.id]))).toBe(false);
  });
});
