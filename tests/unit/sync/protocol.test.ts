import { describe, expect, it } from 'vitest';
import { reviseObservation, tombstone } from '../../../src/core/observation-factory.ts';
import type { OutboxItem } from '../../../src/store/outbox.ts';
import { MAX_BATCH_BYTES } from '../../../src/core/wire.ts';
import { INVALID_PREFIX, buildBatch, isRefused, photosToSend, sortAnswer } from '../../../src/sync/protocol.ts';
import { makeObservation } from '../store/fixtures.ts';

function item(i: number, base: number | null = null, lastError?: string): OutboxItem {
  const obs = makeObservation({ notes: `n${i}` });
  return { entry: { id: obs.id, version: obs.version, baseVersion: base, queuedAt: new Date(i).toISOString(), attempts: 0, ...(lastError ? { lastError } : {}) }, observation: obs };
}

describe('buildBatch', () => {
  it('takes at most 500 (or the size asked), oldest first, each change carrying its baseVersion', () => {
    const items = Array.from({ length: 620 }, (_, i) => item(i, i % 2 ? 1 : null));
    const full = buildBatch(items);
    expect(full.changes).toHaveLength(500);
    expect(full.changes[0]).toEqual({ ...items[0]!.observation, baseVersion: null });
    expect(full.changes[1]!.baseVersion).toBe(1);
    expect(buildBatch(items, 3).items.map((i) => i.observation.id)).toEqual(items.slice(0, 3).map((i) => i.observation.id));
    expect(() => buildBatch(items, 501)).toThrow(RangeError);
  });

  it('stops short of the server body limit when notes are long, never sending an empty batch', () => {
    const long = Array.from({ length: 500 }, (_, i) => {
      const it = item(i);
      return { ...it, observation: { ...it.observation, notes: 'é'.repeat(5000) } };
    });
    const batch = buildBatch(long);
    const body = new TextEncoder().encode(JSON.stringify({ changes: batch.changes })).length;
    expect(batch.items.length).toBeGreaterThan(1);
    expect(batch.items.length).toBeLessThan(500);
    expect(body).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(batch.items).toEqual(long.slice(0, batch.items.length));
    expect(buildBatch(long, 500, 10).items).toHaveLength(1);
  });

  it('skips entries the server refused until they are edited, but not those that merely failed on the network', () => {
    const refused = item(0, null, `${INVALID_PREFIX}position.lat: too big`);
    const failed = item(1, null, 'network down');
    const fresh = item(2);
    expect(isRefused(refused.entry.lastError)).toBe(true);
    expect(buildBatch([refused, failed, fresh]).items).toEqual([failed, fresh]);
  });
});

describe('sortAnswer', () => {
  it('sorts created/updated/unchanged into acknowledgements with the server version, conflicts with the server copy, invalid with the reason', () => {
    const [a, b, c, d, e] = [item(0), item(1, 1), item(2), item(3, 1), item(4)];
    const serverCopy = reviseObservation(d!.observation, { notes: 'server' });
    const sorted = sortAnswer([a!, b!, c!, d!, e!], {
      results: [
        { id: a!.observation.id, status: 'created', version: 1 },
        { id: b!.observation.id, status: 'updated', version: 1 },
        { id: c!.observation.id, status: 'unchanged', version: 3 },
        { id: d!.observation.id, status: 'conflict', version: 2, server: serverCopy },
        { id: null, status: 'invalid', reason: 'kind: unknown' },
      ],
    });
    expect(sorted.accepted.map((x) => x.ack)).toEqual([
      { id: a!.observation.id, version: 1, serverVersion: 1 },
      { id: b!.observation.id, version: 1, serverVersion: 1 },
      { id: c!.observation.id, version: 1, serverVersion: 3 },
    ]);
    expect(sorted.conflicts).toEqual([{ item: d, server: serverCopy }]);
    expect(sorted.invalid).toEqual([{ item: e, reason: 'kind: unknown' }]);
  });

  it('refuses an answer that does not match the batch rather than acknowledge the wrong observation', () => {
    const [a, b] = [item(0), item(1)];
    expect(() => sortAnswer([a!, b!], { results: [{ id: a!.observation.id, status: 'created', version: 1 }] })).toThrow(/expected 2 results/);
    expect(() =>
      sortAnswer([a!, b!], {
        results: [
          { id: b!.observation.id, status: 'created', version: 1 },
          { id: a!.observation.id, status: 'created', version: 1 },
        ],
      }),
    ).toThrow(/expected id/);
    expect(() => sortAnswer([a!], { results: [{ id: a!.observation.id, status: 'accepted', version: 1 }] })).toThrow(/unknown status/);
    expect(() => sortAnswer([a!], '<html>')).toThrow(TypeError);
  });
});

describe('photosToSend', () => {
  it('sends each photo of a live observation once, none of a tombstone', () => {
    const h = 'ab'.repeat(32);
    const obs = makeObservation({ photos: [h, h] });
    expect(photosToSend(obs)).toEqual([h]);
    expect(photosToSend(tombstone(obs))).toEqual([]);
  });
});
