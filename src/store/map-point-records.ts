/**
 * The map points' records read raw (store `mapPoints`, see map-points.ts): no schema check here, so
 * the page's first script can start this read without the schemas' code
 * (app/shell/database-opening.ts); map-points.ts checks each record before the map draws it.
 */
import type { ContrechampDb } from './db.ts';

/** Every record of the store, in id order, in one request. Rejects with what IndexedDB threw. */
export function readMapPointRecords(db: ContrechampDb): Promise<unknown[]> {
  return db.getAll('mapPoints');
}
