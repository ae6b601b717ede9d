/**
 * Whole-store reads in pages. Chromium runs every IndexedDB request of an origin on one backend
 * sequence, in order: one getAll() of 10,000 observations holds it for 100–300 ms, and whatever is
 * queued behind waits that long: a save in the same page, another tab, or the next page's opening
 * of the database after a reload (the closing page's reads are not cancelled; they run to the end
 * first). Read in pages of PAGE_SIZE, each request issued once the previous one has answered, at
 * most one page per reader is ever queued ahead of anyone else, and a page that goes away stops
 * asking. Each page is its own short readonly transaction, so writes are not held up either; a
 * write between two pages posts a notice, and the readers read again. A reader whose result is no
 * longer wanted (the view that asked went away) aborts its `signal`: no further page is asked for.
 */
import type { ContrechampDb } from './db.ts';

/** Records per request: a few milliseconds of backend time each. */
export const PAGE_SIZE = 500;

/** The stores keyed by the records' `id` (keyPath 'id'), read whole by the lists. */
type IdKeyedStore = 'observations' | 'outbox' | 'sync' | 'publication';

export interface PageOptions {
  /** Records per request (tests use small pages). */
  pageSize?: number;
  /** Once aborted, no further page is asked for and the read rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/**
 * The records of `store` in key order (string order of `id`), a page at a time. Stored records are
 * outside input: each page is `unknown[]` until the caller has checked it. The next page is asked
 * for as soon as one answers, so the backend reads it while the caller checks this one (still one
 * request at a time; a caller that stops leaves at most that one page read for nothing).
 * @throws the IndexedDB error of a page that fails (the pages before it were yielded); the signal's
 * reason once it is aborted.
 */
export async function* recordPages(db: ContrechampDb, store: IdKeyedStore, { pageSize = PAGE_SIZE, signal }: PageOptions = {}): AsyncGenerator<unknown[]> {
  const read = (after: string | null): Promise<unknown[]> => {
    signal?.throwIfAborted();
    return db.getAll(store, after === null ? null : IDBKeyRange.lowerBound(after, true), pageSize);
  };
  let next = read(null);
  for (;;) {
    const page = await next;
    signal?.throwIfAborted();
    if (page.length < pageSize) {
      if (page.length > 0) yield page;
      return;
    }
    // keyPath 'id': every stored record holds its key there, whatever else is wrong with it.
    next = read((page[page.length - 1] as { id: string }).id);
    // Observed at once: a failure is thrown when the caller asks for that page.
    next.catch(() => undefined);
    yield page;
  }
}

/** Every key of `store` in order, read a page at a time (see recordPages). */
export async function allKeys(db: ContrechampDb, store: IdKeyedStore, { pageSize = PAGE_SIZE, signal }: PageOptions = {}): Promise<string[]> {
  const keys: string[] = [];
  for (;;) {
    signal?.throwIfAborted();
    const page = await db.getAllKeys(store, keys.length === 0 ? null : IDBKeyRange.lowerBound(keys[keys.length - 1]!, true), pageSize);
    keys.push(...page);
    if (page.length < pageSize) return keys;
  }
}

/** Every record of `store` in key order, read a page at a time (see recordPages). */
export async function allRecords(db: ContrechampDb, store: IdKeyedStore, options: PageOptions = {}): Promise<unknown[]> {
  const records: unknown[] = [];
  for await (const page of recordPages(db, store, options)) records.push(...page);
  return records;
}
