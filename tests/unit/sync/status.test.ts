/**
 * The sync badge's figures (readSyncStatus): changes waiting, refused ones with their reasons, oldest
 * first, conflicts, decisions, and the last run; counted by the store without reading the outbox or
 * the sync records whole.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reviseObservation } from '../../../src/core/observation-factory.ts';
import { queueAction } from '../../../src/store/actions.ts';
import { saveObservation } from '../../../src/store/observations.ts';
import { acknowledge, markConflict, recordFailure } from '../../../src/store/outbox.ts';
import { INVALID_PREFIX } from '../../../src/sync/protocol.ts';
import { readSyncStatus, recordRun } from '../../../src/sync/status.ts';
import { at, makeObservation, useFreshDb } from '../store/fixtures.ts';

const { db } = useFreshDb();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('readSyncStatus', () => {
  it('is all zero on a new device', async () => {
    expect(await readSyncStatus(db())).toEqual({ pending: 0, decisions: 0, refused: [], conflicts: 0, lastSuccessAt: null, lastError: null });
  });

  it('counts what waits, lists the refused changes oldest first, and counts conflicts, as the badge shows them', async () => {
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((i) => makeObservation({ notes: `n${i}` }, at(i)));
    // Queued in the order e, a, b, c, d (queuedAt), so the refused ones come oldest first: e, then b.
    await saveObservation(db(), e!, [], { now: at(0) });
    for (const [i, obs] of [a, b, c, d].entries()) await saveObservation(db(), obs!, [], { now: at(i + 1) });
    await recordFailure(db(), [b!.id], `${INVALID_PREFIX}notes: trop long`);
    await recordFailure(db(), [e!.id], `${INVALID_PREFIX}position.lat: too big`);
    // Not refused: a network failure, and a message that only looks alike.
    await recordFailure(db(), [c!.id], 'network: offline');
    await recordFailure(db(), [a!.id], 'invalid:no space');
    // d reaches the server, then comes back as a conflict; a is acknowledged once, then edited.
    await acknowledge(db(), [{ id: d!.id, version: 1, serverVersion: 1 }]);
    await markConflict(db(), { ...reviseObservation(d!, { notes: 'theirs' }, at(9)), version: 3 }, at(10));
    await acknowledge(db(), [{ id: a!.id, version: 1, serverVersion: 1 }]);
    await saveObservation(db(), reviseObservation(a!, { notes: 'edited' }, at(11)));
    await queueAction(db(), { type: 'decision', decision: { decision: 'publish', id: makeObservation().id } });
    await queueAction(db(), { type: 'confirmation', confirmation: { id: makeObservation().id, answer: 'yes', on: '2026-11-28' } });
    await recordRun(db(), at(12), null);
    await recordRun(db(), at(13), { key: 'syncError.network', message: 'offline' });

    expect(await readSyncStatus(db())).toEqual({
      // a (edited again), b, c, e in the outbox; d left it with its conflict; two actions.
      pending: 6,
      decisions: 1,
      refused: [
        { id: e!.id, reason: 'position.lat: too big' },
        { id: b!.id, reason: 'notes: trop long' },
      ],
      conflicts: 1,
      lastSuccessAt: at(12).toISOString(),
      lastError: { key: 'syncError.network', message: 'offline', at: at(13).toISOString() },
    });
  });

  it('reads no outbox entry nor sync record whole, only the refused entries', async () => {
    for (let i = 0; i < 30; i += 1) await saveObservation(db(), makeObservation({}, at(i)));
    const wholeReads: string[] = [];
    for (const method of ['getAll', 'getAllKeys', 'openCursor', 'openKeyCursor'] as const) {
      const original = IDBObjectStore.prototype[method] as (...args: unknown[]) => unknown;
      vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args: unknown[]) {
        wholeReads.push(`${this.name}.${method}`);
        return original.apply(this, args);
      } as never);
    }
    expect((await readSyncStatus(db())).pending).toBe(30);
    expect(wholeReads.filter((read) => read.startsWith('outbox.') || read.startsWith('sync.'))).toEqual([]);
  });
});
