/**
 * The newest records of my observations (store `observations`, index `observedAt`), read raw: no
 * schema check here, so the page's first script can start this read without the schemas' code
 * (app/shell/database-opening.ts); observations.ts checks each record before anything shows it.
 */
import type { ContrechampDb } from './db.ts';

/** At least `span` records, newest first; `all` when none older is left. */
export interface NewestRecords {
  newest: unknown[];
  all: boolean;
}

/** getAll() with an options dictionary (IndexedDB 3.0, Chromium 141+, shipped with getAllRecords()). */
interface BackwardIndex {
  getAll(options: { query: null; count: number; direction: 'prev' }): Promise<unknown[]>;
}

/**
 * At least the `span` newest records by observedAt, newest first (ties: newest id first). One
 * request where the index can be read backwards, else three (a cursor step per record cost a
 * round trip each): a key cursor from the newest skips to the span-th newest stamp, and one getAll
 * reads from there on. Rejects with what IndexedDB threw (the caller maps it to a StoreError).
 */
export async function readNewestRecords(db: ContrechampDb, span: number): Promise<NewestRecords> {
  const tx = db.transaction('observations');
  tx.done.catch(() => undefined); // a failure is the request's to report
  const index = tx.store.index('observedAt');
  if ('getAllRecords' in index) {
    const newest = await (index as unknown as BackwardIndex).getAll({ query: null, count: span, direction: 'prev' });
    return { newest, all: newest.length < span };
  }
  let cursor = await index.openKeyCursor(null, 'prev');
  if (cursor && span > 1) cursor = await cursor.advance(span - 1);
  const records: unknown[] = await index.getAll(cursor ? IDBKeyRange.lowerBound(cursor.key) : null);
  // No cursor: the span held every record.
  return { newest: records.reverse(), all: !cursor };
}
