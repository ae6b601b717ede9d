/**
 * A first version (version 1) is saved by adding the observation and its outbox entry with no read;
 * an id already taken falls back to reading what is stored, and nothing of the refused add stays.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reviseObservation } from '../../../src/core/observation-factory.ts';
import { getObservation, saveObservation } from '../../../src/store/observations.ts';
import { acknowledge, listOutbox } from '../../../src/store/outbox.ts';
import { at, makeObservation, rejection, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

afterEach(() => {
  vi.restoreAllMocks();
});

const writeTransactions = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.filter((call) => call[1] === 'readwrite').length;

describe('saving a first version', () => {
  it('writes the observation, its outbox entry and its map point in one transaction, reading nothing', async () => {
    const obs = makeObservation({ notes: 'new' });
    const reads = vi.spyOn(IDBObjectStore.prototype, 'get');
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await saveObservation(db(), obs, [], { now: at(1) });
    expect(reads).not.toHaveBeenCalled();
    expect(writeTransactions(transactions)).toBe(1);
    vi.restoreAllMocks();

    expect(await getObservation(db(), obs.id)).toEqual(obs);
    expect(await listOutbox(db())).toEqual([{ id: obs.id, version: 1, baseVersion: null, queuedAt: at(1).toISOString(), attempts: 0 }]);
    expect(await db().get('mapPoints', obs.id)).toEqual({ id: obs.id, kind: 'camera', lon: 4.3517, lat: 50.8466, direction: [{ bearing: 90 }] });
  });

  it('a second save of the same id is refused as stale, and a later version still coalesces with the first entry', async () => {
    const obs = makeObservation();
    await saveObservation(db(), obs, [], { now: at(0) });
    const again = { ...obs, notes: 'second tap' };
    expect((await rejection(saveObservation(db(), again, [], { now: at(2) }))).key).toBe('store.stale');
    expect(await getObservation(db(), obs.id)).toEqual(obs);

    const v2 = reviseObservation(obs, { notes: 'edited' }, at(3));
    await saveObservation(db(), v2, [], { now: at(3) });
    expect(await getObservation(db(), obs.id)).toEqual(v2);
    expect(await listOutbox(db())).toEqual([{ id: obs.id, version: 2, baseVersion: null, queuedAt: at(0).toISOString(), attempts: 0 }]);
  });

  it('a first version under an id the server already acknowledged at a later version loses nothing stored', async () => {
    const obs = makeObservation();
    await saveObservation(db(), obs);
    const v2 = reviseObservation(obs, { position: { lon: 4.36, lat: 50.85, accuracy: 5, source: 'manual' } }, at(1));
    await saveObservation(db(), v2);
    await acknowledge(db(), [{ id: obs.id, version: 2, serverVersion: 2 }]);
    expect(await listOutbox(db())).toEqual([]);

    const colliding = makeObservation({ id: obs.id, notes: 'another device made the same id' }, at(5));
    expect((await rejection(saveObservation(db(), colliding))).key).toBe('store.stale');
    expect(await getObservation(db(), obs.id)).toEqual(v2);
    expect(await listOutbox(db())).toEqual([]);
    expect(await db().get('mapPoints', obs.id)).toMatchObject({ lon: 4.36, lat: 50.85 });
    expect(await db().get('sync', obs.id)).toEqual({ id: obs.id, ackedVersion: 2 });
  });

  it('an outbox entry waiting under the id undoes the added observation, and the save then coalesces with that entry', async () => {
    const obs = makeObservation();
    const waiting = { id: obs.id, version: 1, baseVersion: 3, queuedAt: at(-10).toISOString(), attempts: 2, lastError: 'offline' };
    await db().put('outbox', waiting);
    await db().put('sync', { id: obs.id, ackedVersion: 3 });
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await saveObservation(db(), obs, [], { now: at(1) });
    expect(writeTransactions(transactions)).toBe(2);
    vi.restoreAllMocks();

    expect(await getObservation(db(), obs.id)).toEqual(obs);
    expect(await listOutbox(db())).toEqual([{ id: obs.id, version: 1, baseVersion: 3, queuedAt: at(-10).toISOString(), attempts: 2 }]);
  });

  it('a write that fails after the adds leaves nothing of the save, and is not retried', async () => {
    const obs = makeObservation();
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'mapPoints') throw new Error('disk on fire');
      return original.apply(this, args);
    });
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    expect((await rejection(saveObservation(db(), obs))).key).toBe('store.failed');
    expect(writeTransactions(transactions)).toBe(1);
    vi.restoreAllMocks();

    expect(await getObservation(db(), obs.id)).toBeUndefined();
    expect(await listOutbox(db())).toEqual([]);
    expect(await db().get('mapPoints', obs.id)).toBeUndefined();
  });
});
