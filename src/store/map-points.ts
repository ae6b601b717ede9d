/**
 * What the map draws of my observations (store `mapPoints`, key `id`, from v7; core/map-point.ts):
 * one small record beside every live observation, put or deleted by the same transaction that
 * writes the observation (save, edit, delete, restore, import, conflicts), so the two never
 * disagree; filled from the stored observations by the v7 upgrade (db.ts). The map reads them all
 * in one request: 10,000 points are a short read, where whole observations took pages.
 */
import { mapPointOf } from '../core/map-point.ts';
import type { MapPoint } from '../core/map-point.ts';
import { mapPointSchema } from '../core/map-point-schema.ts';
import type { Observation } from '../core/observation.ts';
import type { ContrechampDb } from './db.ts';
import { toStoreError } from './errors.ts';
import { readMapPointRecords } from './map-point-records.ts';

/** The mapPoints store of a readwrite transaction, as idb gives it (a promise per request) or raw (a request). */
interface PointsStore<Put, Delete> {
  put(value: MapPoint): Put;
  delete(key: string): Delete;
}

/** Puts the point of `obs`, or deletes it when `obs` is a tombstone; issue it in the observation's transaction. */
export function writePoint<Put, Delete>(points: PointsStore<Put, Delete>, obs: Observation): Put | Delete {
  const point = mapPointOf(obs);
  return point ? points.put(point) : points.delete(obs.id);
}

/**
 * The points of my live observations, in id order. Stored records are outside input: a point that
 * fails its schema is left off the map (its observation, if damaged, is shown by the list).
 * `started`: their raw read, already issued (map-point-records.ts), to check instead of reading.
 * @throws StoreError when IndexedDB fails.
 */
export async function listMapPoints(db: ContrechampDb, started?: Promise<unknown[]>): Promise<MapPoint[]> {
  let records: unknown[];
  try {
    records = await (started ?? readMapPointRecords(db));
  } catch (error) {
    throw toStoreError(error, 'reading the map points');
  }
  const points: MapPoint[] = [];
  for (const record of records) {
    const parsed = mapPointSchema.safeParse(record);
    if (parsed.success) points.push(parsed.data);
  }
  return points;
}
