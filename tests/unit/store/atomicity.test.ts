/**
 * An observation, its photos and its outbox entry are written together or not at all, and a full
 * disk loses nothing already stored.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reviseObservation } from '../../../src/core/observation-factory.ts';
import { getObservation, listObservations, saveObservation } from '../../../src/store/observations.ts';
import { listOutbox } from '../../../src/store/outbox.ts';
import { getPhoto, type PhotoRecord } from '../../../src/store/photos.ts';
import { at, makeObservation, makePhoto, rejection, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes put() and add() on one object store fail the way the given error says, after the others have run. */
function failWritesOn(storeName: string, error: () => Error): void {
  for (const method of ['put', 'add'] as const) {
    const original = IDBObjectStore.prototype[method];
    vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === storeName) throw error();
      return original.apply(this, args);
    });
  }
}

describe('observation + outbox atomicity', () => {
  it('a photo put that throws halfway leaves neither the observation nor its outbox entry', async () => {
    failWritesOn('photos', () => new Error('disk on fire'));
    const photo = makePhoto(3);
    const obs = makeObservation({ photos: [photo.hash] });

    const error = await rejection(saveObservation(db(), obs, [photo]));
    expect(error.key).toBe('store.failed');
    vi.restoreAllMocks();

    expect(await getObservation(db(), obs.id)).toBeUndefined();
    expect(await listOutbox(db())).toEqual([]);
    expect(await getPhoto(db(), photo.hash)).toBeUndefined();
  });

  it('a photo that cannot be cloned aborts the whole transaction', async () => {
    // A function is not structured-cloneable: the put request throws DataCloneError.
    const photo = { ...makePhoto(4), extra: () => 1 } as unknown as PhotoRecord;
    const obs = makeObservation({ photos: [photo.hash] });
    await rejection(saveObservation(db(), obs, [photo]));
    expect(await getObservation(db(), obs.id)).toBeUndefined();
    expect(await listOutbox(db())).toEqual([]);
  });

  it('a failed edit keeps the previous version and its outbox entry as they were', async () => {
    const obs = makeObservation();
    await saveObservation(db(), obs);
    const before = await listOutbox(db());
    failWritesOn('outbox', () => new Error('outbox broken'));
    await rejection(saveObservation(db(), reviseObservation(obs, { notes: 'lost edit' }, at(1))));
    vi.restoreAllMocks();
    expect(await getObservation(db(), obs.id)).toEqual(obs);
    expect(await listOutbox(db())).toEqual(before);
  });
});

describe('full disk (QuotaExceededError)', () => {
  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('maps to store.quota and keeps everything stored before', async () => {
    const first = makeObservation({ notes: 'first' });
    const firstPhoto = makePhoto(5);
    await saveObservation(db(), { ...first, photos: [firstPhoto.hash] }, [firstPhoto]);

    failWritesOn('photos', quota);
    const second = makeObservation({ notes: 'second', photos: [makePhoto(6).hash] });
    const error = await rejection(saveObservation(db(), second, [makePhoto(6)]));
    expect(error.key).toBe('store.quota');
    vi.restoreAllMocks();

    const { observations } = await listObservations(db());
    expect(observations.map((o) => o.notes)).toEqual(['first']);
    expect(await getPhoto(db(), firstPhoto.hash)).toBeDefined();
    expect(await getPhoto(db(), makePhoto(6).hash)).toBeUndefined();
    expect((await listOutbox(db())).map((e) => e.id)).toEqual([first.id]);
  });

  it('maps a quota error on the observation itself, and a later save works again', async () => {
    failWritesOn('observations', quota);
    const obs = makeObservation();
    expect((await rejection(saveObservation(db(), obs))).key).toBe('store.quota');
    vi.restoreAllMocks();
    expect(await listOutbox(db())).toEqual([]);

    await saveObservation(db(), obs);
    expect(await getObservation(db(), obs.id)).toEqual(obs);
  });

  it('maps a quota error reported by the aborted transaction (as browsers do at commit)', async () => {
    // The request fails asynchronously: its error event aborts the transaction with that error.
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args) {
        if (this.name !== 'outbox') return original.apply(this, args);
        // A valid write followed by an abort carrying the quota error, as the engine would do.
        const request = original.apply(this, args);
        const tx = this.transaction;
        queueMicrotask(() => {
          Object.defineProperty(tx, 'error', { value: quota(), configurable: true });
          tx.abort();
        });
        return request;
      });
    }
    const obs = makeObservation();
    expect((await rejection(saveObservation(db(), obs))).key).toBe('store.quota');
    vi.restoreAllMocks();
    expect(await getObservation(db(), obs.id)).toBeUndefined();
  });
});

describe('durability', () => {
  it('asks for strict durability when saving, so "saved" is on disk before the UI says it', async () => {
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await saveObservation(db(), makeObservation());
    const writes = transaction.mock.calls.filter((call) => call[1] === 'readwrite');
    expect(writes.length).toBeGreaterThan(0);
    for (const call of writes) expect(call[2]).toEqual({ durability: 'strict' });
  });
});
