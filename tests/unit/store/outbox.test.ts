/** The outbox as the sync client will drive it: coalescing, acknowledgements, failures, conflicts. */
import { describe, expect, it } from 'vitest';
import { reviseObservation } from '../../../src/core/observation-factory.ts';
import { deleteObservation, getObservation, saveObservation } from '../../../src/store/observations.ts';
import {
  acknowledge,
  listOutbox,
  markConflict,
  outboxBatch,
  pendingCount,
  recordFailure,
  resolveConflict,
  syncStateOf,
  syncStates,
} from '../../../src/store/outbox.ts';
import { at, makeObservation, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

describe('outbox coalescing', () => {
  it('two edits before a sync leave one entry for the newest version, baseVersion unchanged', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1, [], { now: at(0) });
    const v2 = reviseObservation(v1, { notes: 'a' }, at(1));
    await saveObservation(db(), v2, [], { now: at(1) });
    const v3 = reviseObservation(v2, { notes: 'b' }, at(2));
    await saveObservation(db(), v3, [], { now: at(2) });

    expect(await listOutbox(db())).toEqual([
      { id: v1.id, version: 3, baseVersion: null, queuedAt: at(0).toISOString(), attempts: 0 },
    ]);
    expect(await pendingCount(db())).toBe(1);
  });

  it('after an acknowledgement, the next edit is based on the acknowledged version, and coalesces on it', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1);
    await acknowledge(db(), [{ id: v1.id, version: 1, serverVersion: 1 }]);
    expect(await pendingCount(db())).toBe(0);

    const v2 = reviseObservation(v1, { notes: 'a' }, at(1));
    await saveObservation(db(), v2);
    await saveObservation(db(), reviseObservation(v2, { notes: 'b' }, at(2)));
    expect(await listOutbox(db())).toMatchObject([{ id: v1.id, version: 3, baseVersion: 1 }]);
  });

  it('a delete coalesces with a waiting edit', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1);
    await acknowledge(db(), [{ id: v1.id, version: 1, serverVersion: 1 }]);
    await saveObservation(db(), reviseObservation(v1, { notes: 'a' }, at(1)));
    await deleteObservation(db(), v1.id, at(2));
    expect(await listOutbox(db())).toMatchObject([{ id: v1.id, version: 3, baseVersion: 1 }]);
  });

  it('keeps one entry per observation, oldest first', async () => {
    const a = makeObservation();
    const b = makeObservation();
    await saveObservation(db(), a, [], { now: at(0) });
    await saveObservation(db(), b, [], { now: at(1) });
    await saveObservation(db(), reviseObservation(a, { notes: 'x' }, at(2)), [], { now: at(2) });
    expect((await listOutbox(db())).map((e) => e.id)).toEqual([a.id, b.id]);
  });
});

describe('draining', () => {
  it('outboxBatch gives each entry with the observation at its version, oldest first, up to the limit', async () => {
    const a = makeObservation();
    const b = makeObservation();
    await saveObservation(db(), a, [], { now: at(0) });
    await saveObservation(db(), b, [], { now: at(1) });
    const { items, damaged } = await outboxBatch(db(), 1);
    expect(damaged).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]!.observation).toEqual(a);
    expect(items[0]!.entry.version).toBe(a.version);
  });

  it('an acknowledgement for an older version keeps the newer edit queued, rebased on the server version', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1);
    // The push of v1 is in flight when the walker edits again.
    await saveObservation(db(), reviseObservation(v1, { notes: 'during sync' }, at(1)));
    await acknowledge(db(), [{ id: v1.id, version: 1, serverVersion: 1 }]);
    expect(await listOutbox(db())).toMatchObject([{ id: v1.id, version: 2, baseVersion: 1 }]);
    expect(await syncStateOf(db(), v1.id)).toBe('waiting');
  });

  it('recordFailure counts attempts and keeps the reason; a new change keeps the count', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1);
    await recordFailure(db(), [v1.id], 'HTTP 503');
    await recordFailure(db(), [v1.id], 'offline');
    expect(await listOutbox(db())).toMatchObject([{ attempts: 2, lastError: 'offline' }]);
    await saveObservation(db(), reviseObservation(v1, { notes: 'x' }, at(1)));
    const [entry] = await listOutbox(db());
    expect(entry).toMatchObject({ attempts: 2, version: 2 });
    expect(entry!.lastError).toBeUndefined();
  });

  it('sends the same change again harmlessly: a second acknowledgement changes nothing', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1);
    await acknowledge(db(), [{ id: v1.id, version: 1, serverVersion: 1 }]);
    await acknowledge(db(), [{ id: v1.id, version: 1, serverVersion: 1 }]);
    expect(await pendingCount(db())).toBe(0);
    expect(await syncStateOf(db(), v1.id)).toBe('synced');
  });
});

describe('sync states', () => {
  it('local → synced → waiting → synced', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1);
    expect(await syncStateOf(db(), v1.id)).toBe('local');
    await acknowledge(db(), [{ id: v1.id, version: 1, serverVersion: 1 }]);
    expect(await syncStateOf(db(), v1.id)).toBe('synced');
    await saveObservation(db(), reviseObservation(v1, { notes: 'x' }, at(1)));
    expect(await syncStateOf(db(), v1.id)).toBe('waiting');
    await acknowledge(db(), [{ id: v1.id, version: 2, serverVersion: 2 }]);
    expect(await syncStateOf(db(), v1.id)).toBe('synced');
  });

  it('syncStates gives every observation its state in one call', async () => {
    const a = makeObservation();
    const b = makeObservation();
    await saveObservation(db(), a);
    await saveObservation(db(), b);
    await acknowledge(db(), [{ id: b.id, version: 1, serverVersion: 1 }]);
    expect(await syncStates(db())).toEqual(
      new Map([
        [a.id, 'local'],
        [b.id, 'synced'],
      ]),
    );
    await saveObservation(db(), reviseObservation(b, { notes: 'x' }, at(1)));
    expect((await syncStates(db())).get(b.id)).toBe('waiting');
  });
});

describe('conflicts', () => {
  async function conflicted() {
    const v1 = makeObservation({ notes: 'original' });
    await saveObservation(db(), v1);
    await acknowledge(db(), [{ id: v1.id, version: 1, serverVersion: 1 }]);
    const mine = reviseObservation(v1, { notes: 'mine' }, at(1));
    await saveObservation(db(), mine);
    // Another device changed it twice on the server meanwhile.
    const server = { ...reviseObservation(v1, { notes: 'theirs' }, at(2)), version: 3 };
    await markConflict(db(), server, at(3));
    return { v1, mine, server };
  }

  it('markConflict keeps the server copy, my version beside it, and empties the outbox entry', async () => {
    const { v1, server } = await conflicted();
    expect(await getObservation(db(), v1.id)).toEqual(server);
    expect(await pendingCount(db())).toBe(0);
    expect(await syncStateOf(db(), v1.id)).toBe('conflict');
  });

  it("resolveConflict('mine') queues my content as a version on top of the server's", async () => {
    const { v1 } = await conflicted();
    const next = await resolveConflict(db(), v1.id, 'mine', at(4));
    expect(next).toMatchObject({ notes: 'mine', version: 4 });
    expect(await listOutbox(db())).toMatchObject([{ id: v1.id, version: 4, baseVersion: 3 }]);
    expect(await syncStateOf(db(), v1.id)).toBe('waiting');
  });

  it("resolveConflict('server') keeps the server copy and nothing is queued", async () => {
    const { v1 } = await conflicted();
    const kept = await resolveConflict(db(), v1.id, 'server', at(4));
    expect(kept).toMatchObject({ notes: 'theirs', version: 3 });
    expect(await pendingCount(db())).toBe(0);
    expect(await syncStateOf(db(), v1.id)).toBe('synced');
  });
});
