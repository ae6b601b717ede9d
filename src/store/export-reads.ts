/**
 * Reads for the exports. Keeps nothing: it reads the stores `observations` (tombstones
 * included, for a lossless backup), `sync` (what the server acknowledged, written to the bundle's
 * sync.json so a restore does not push synced observations again). Photos are read one at a
 * time with getPhoto() (photos.ts), so a bundle with a gigabyte of photos never holds more than one.
 */
import type { Observation } from '../core/observation.ts';
import { inTransaction, type ContrechampDb } from './db.ts';
import { setAsideDamaged, type DamagedRecord } from './stored-records.ts';

/** Every valid record of my observations, tombstones included, in id order (UUIDv7: creation order). */
export async function listAllObservations(db: ContrechampDb): Promise<{ observations: Observation[]; damaged: DamagedRecord[] }> {
  const records: unknown[] = await inTransaction(db, ['observations'], 'readonly', 'reading observations for an export', (tx) =>
    tx.objectStore('observations').getAll(),
  );
  return setAsideDamaged(records);
}

/** Observation id → version the server acknowledged, for the ids given. */
export async function ackedVersions(db: ContrechampDb, ids: Iterable<string>): Promise<Record<string, number>> {
  const wanted = new Set(ids);
  const records = await db.getAll('sync');
  const acked: Record<string, number> = {};
  for (const record of records) if (wanted.has(record.id)) acked[record.id] = record.ackedVersion;
  return acked;
}
