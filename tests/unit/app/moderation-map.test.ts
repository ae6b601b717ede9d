import { describe, expect, it } from 'vitest';
import { canMarkRemoved, focusedObservations, pickDevice } from '../../../src/app/moderate/moderation-map.tsx';
import type { KnownDevice } from '../../../src/app/sync/use-collective-map.ts';
import type { QueuePage } from '../../../src/core/wire.ts';
import { makeObservation } from '../store/fixtures.ts';

type QueueItem = QueuePage['items'][number];

describe('the moderation map', () => {
  const pending = makeObservation({ kind: 'camera' });
  const near = makeObservation({ kind: 'camera' });
  const candidate = { id: 'author-id', publicId: near.id, kind: 'camera', distance: 12, confirmations: 3, lastConfirmed: '2026-05-01', observation: near };
  const item: QueueItem = { id: pending.id, publicId: 'p', state: 'pending', edited: false, device: 'device-1', receivedOn: '2026-11-30', observation: pending, candidates: [candidate] };
  const drone = makeObservation({ kind: 'drone', details: {} });
  const shared = (o: typeof near, state: 'published' | 'removed'): KnownDevice => ({
    id: o.id,
    kind: o.kind,
    lon: o.position.lon,
    lat: o.position.lat,
    own: false,
    observation: o,
    publication: { id: o.id, state, confirmations: 1, lastConfirmed: '2026-01-02' },
  });
  const far = makeObservation({ kind: 'antenna', details: {} });

  it('draws the queued observation and its candidates, nothing without one', () => {
    expect(focusedObservations(item).map((o) => o.id)).toEqual([pending.id, near.id]);
    expect(focusedObservations(null)).toEqual([]);
  });

  it('finds a tapped device among the candidates (by either id) or on the shared map, never the queued one', () => {
    expect(pickDevice(near.id, item, [])).toMatchObject({ id: near.id, state: 'published', confirmations: 3, lastConfirmed: '2026-05-01' });
    expect(pickDevice('author-id', item, [])?.id).toBe(near.id);
    expect(pickDevice(far.id, item, [shared(far, 'published')])).toMatchObject({ id: far.id, state: 'published', confirmations: 1 });
    expect(pickDevice(pending.id, item, [])).toBeNull();
    expect(pickDevice('unknown', null, [])).toBeNull();
  });

  it('draws and finds the device a changed observation takes the place of, with its state', () => {
    const old = makeObservation({ kind: 'camera' });
    const changed: QueueItem = { ...item, supersedes: { ...candidate, id: 'old-author-id', publicId: old.id, observation: old, state: 'removed' } };
    expect(focusedObservations(changed).map((o) => o.id)).toEqual([pending.id, near.id, old.id]);
    expect(pickDevice(old.id, changed, [])).toMatchObject({ id: old.id, state: 'removed' });
    expect(canMarkRemoved(pickDevice(old.id, changed, [])!)).toBe(false);
  });

  it('offers removal for published fixed devices only', () => {
    expect(canMarkRemoved(pickDevice(far.id, null, [shared(far, 'published')])!)).toBe(true);
    expect(canMarkRemoved(pickDevice(far.id, null, [shared(far, 'removed')])!)).toBe(false);
    expect(canMarkRemoved(pickDevice(drone.id, null, [shared(drone, 'published')])!)).toBe(false);
  });
});
