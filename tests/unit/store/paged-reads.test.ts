import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/core/observation.ts';
import type { ContrechampDb, OutboxEntry, SyncRecord } from '../../../src/store/db.ts';
import { listObservations, listRecentObservations } from '../../../src/store/observations.ts';
import { listOutbox, syncStates } from '../../../src/store/outbox.ts';
import { allKeys, PAGE_SIZE, recordPages } from '../../../src/store/paged-reads.ts';
import { at, makeObservation, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

/** Code-unit order, as IndexedDB compares string keys. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** More than two pages, a few minutes apart, every fifth sharing its stamp with the one before. */
const COUNT = 2 * PAGE_SIZE + 37;

async function seed(): Promise<Observation[]> {
  const list = Array.from({ length: COUNT }, (_, i) => makeObservation({ observedAt: at(i - (i % 5 === 4 ? 1 : 0)).toISOString() }, at(i)));
  const tx = db().transaction(['observations', 'outbox', 'sync'], 'readwrite');
  list.forEach((o, i) => {
    void tx.objectStore('observations').put(i === 7 ? { ...o, deleted: true } : o);
    // Queued in an order other than the ids', with ties.
    const entry: OutboxEntry = { id: o.id, version: 1, baseVersion: null, queuedAt: at(COUNT - (i >> 1)).toISOString(), attempts: 0 };
    if (i % 3 !== 0) void tx.objectStore('outbox').put(entry);
    if (i % 3 !== 1) void tx.objectStore('sync').put({ id: o.id, ackedVersion: 1 } satisfies SyncRecord);
  });
  await tx.done;
  return list;
}

describe('whole-store reads in pages', () => {
  it('lists every observation once across pages, newest first, ties newest id first, as the first screen does', async () => {
    const list = await seed();
    const { observations, damaged } = await listObservations(db());
    const expected = list
      .filter((_, i) => i !== 7)
      .sort((a, b) => cmp(b.observedAt, a.observedAt) || cmp(b.id, a.id));
    expect(observations.map((o) => o.id)).toEqual(expected.map((o) => o.id));
    expect(damaged).toEqual([]);
    expect((await listRecentObservations(db(), 30)).observations.map((o) => o.id)).toEqual(expected.slice(0, 30).map((o) => o.id));
  });

  it('stops asking for pages once the reader is no longer wanted (its signal aborted)', async () => {
    await seed();
    let requests = 0;
    const counting = new Proxy(db(), {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key);
        if (key !== 'getAll' && key !== 'getAllKeys') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: unknown[]) => {
          requests++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const reading = new AbortController();
    const reader = recordPages(counting, 'observations', { signal: reading.signal });
    expect((await reader.next()).value).toHaveLength(PAGE_SIZE);
    expect(requests).toBe(2); // this page and the next, read ahead
    reading.abort();
    await expect(reader.next()).rejects.toThrow();
    expect(requests).toBe(2);

    const gone = new AbortController();
    gone.abort();
    requests = 0;
    await expect(listObservations(counting, gone.signal)).rejects.toThrow();
    await expect(syncStates(counting, gone.signal)).rejects.toThrow();
    expect(requests).toBe(0);
    // Not aborted: every page, as before.
    expect((await listObservations(counting, new AbortController().signal)).observations).toHaveLength(COUNT - 1);
  });

  it('lists the outbox oldest first (equal stamps in id order) and every sync state, across pages', async () => {
    const list = await seed();
    const queued = list.filter((_, i) => i % 3 !== 0);
    const outbox = await listOutbox(db());
    expect(outbox).toHaveLength(queued.length);
    expect(outbox.map((e) => e.id)).toEqual(
      outbox.map((e) => e.id).sort((a, b) => {
        const [ea, eb] = [outbox.find((e) => e.id === a)!, outbox.find((e) => e.id === b)!];
        return cmp(ea.queuedAt, eb.queuedAt) || cmp(a, b);
      }),
    );
    const states = await syncStates(db());
    expect(states.size).toBe(COUNT);
    list.forEach((o, i) => expect(states.get(o.id)).toBe(i % 3 === 0 ? 'synced' : i % 3 === 1 ? 'local' : 'waiting'));
  });

  it('asks for one page at a time, each from just past the last key read', async () => {
    const calls: Array<{ lower: unknown; count: number | undefined }> = [];
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    let pending = 0;
    const fake = {
      getAll: async (_store: string, range: IDBKeyRange | null, count?: number) => {
        expect(pending).toBe(0);
        pending++;
        calls.push({ lower: range?.lower ?? null, count });
        await Promise.resolve();
        pending--;
        const from = range ? ids.findIndex((id) => id > (range.lower as string)) : 0;
        return (from < 0 ? [] : ids.slice(from, from + (count ?? ids.length))).map((id) => ({ id }));
      },
      getAllKeys: async (_store: string, range: IDBKeyRange | null, count?: number) => {
        calls.push({ lower: range?.lower ?? null, count });
        const from = range ? ids.findIndex((id) => id > (range.lower as string)) : 0;
        return from < 0 ? [] : ids.slice(from, from + (count ?? ids.length));
      },
    } as unknown as ContrechampDb;
    const pages: unknown[][] = [];
    for await (const page of recordPages(fake, 'observations', { pageSize: 3 })) pages.push(page);
    expect(pages).toEqual([[{ id: 'a' }, { id: 'b' }, { id: 'c' }], [{ id: 'd' }, { id: 'e' }, { id: 'f' }], [{ id: 'g' }]]);
    expect(calls).toEqual([
      { lower: null, count: 3 },
      { lower: 'c', count: 3 },
      { lower: 'f', count: 3 },
    ]);
    // The next page is asked for while the caller still holds this one.
    calls.length = 0;
    const reader = recordPages(fake, 'observations', { pageSize: 3 });
    await reader.next();
    expect(calls).toEqual([
      { lower: null, count: 3 },
      { lower: 'c', count: 3 },
    ]);
    await reader.return(undefined);
    calls.length = 0;
    expect(await allKeys(fake, 'outbox', { pageSize: 7 })).toEqual(ids);
    // A full last page: one more request finds nothing after it.
    expect(calls).toEqual([
      { lower: null, count: 7 },
      { lower: 'g', count: 7 },
    ]);
  });
});
