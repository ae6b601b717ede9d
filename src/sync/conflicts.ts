/**
 * Conflicts as the UI shows them: my version kept aside when the server refused it as stale
 * (store `sync`, written by markConflict), and the two ways out (resolveConflict of the store).
 * Read-only here; the store owns the writes.
 */
import type { Observation } from '../core/observation.ts';
import type { ContrechampDb } from '../store/db.ts';
import { resolveConflict } from '../store/outbox.ts';

export interface Conflict {
  /** My version, as it was when the server refused it. */
  mine: Observation;
  /** The server's version, now the local observation. */
  serverVersion: number;
  at: string;
  /** Merged by a moderator into this device (as this phone knows it): mine can only be dropped. */
  survivor?: string;
}

export async function conflictOf(db: ContrechampDb, id: string): Promise<Conflict | null> {
  const record = await db.get('sync', id);
  return record?.conflict ?? null;
}

/** Keeps the server's version (mine is dropped) or mine (queued as a new version on top of the server's). */
export async function settleConflict(db: ContrechampDb, id: string, keep: 'mine' | 'server'): Promise<Observation> {
  return resolveConflict(db, id, keep);
}
