/**
 * The sync state the badge shows, read from the store: changes waiting (observations in the outbox,
 * and the answers and moderator decisions queued in `actions`), changes the server refused
 * (with their reasons), conflicts, and the last run (meta `lastSync`, which also keeps the time of
 * the last success so a failure does not hide it). Every tab reads the same records, so the badge
 * agrees across tabs; the store's change notifications tell each tab when to read again.
 */
import { listActions } from '../store/actions.ts';
import type { ContrechampDb } from '../store/db.ts';
import { getMeta, setMeta, type MetaValues } from '../store/meta.ts';
import { syncTally } from '../store/outbox.ts';
import type { SyncErrorKey } from './errors.ts';
import { INVALID_PREFIX } from './protocol.ts';

/** meta `lastSync` as the sync writes it: the store's shape plus the last success and the detail. */
export type LastSync = MetaValues['lastSync'] & { lastSuccessAt?: string; message?: string };

export interface StoredSyncStatus {
  /** Changes waiting for the server, refused ones included: the outbox, plus every queued action. */
  pending: number;
  /** Of `pending`, the moderator decisions made on this device and not sent yet. */
  decisions: number;
  /** Changes the server refused as they are: they wait for an edit. */
  refused: { id: string; reason: string }[];
  conflicts: number;
  lastSuccessAt: string | null;
  lastError: { key: SyncErrorKey; message: string; at: string } | null;
}

/**
 * The badge's figures from the store: counted, not read whole (store/outbox.ts syncTally), so a
 * read after each save costs the same with 10,000 changes waiting as with none.
 * @throws StoreError when IndexedDB fails.
 */
export async function readSyncStatus(db: ContrechampDb): Promise<StoredSyncStatus> {
  const [tally, actions, last] = await Promise.all([syncTally(db, INVALID_PREFIX), listActions(db), getMeta(db, 'lastSync') as Promise<LastSync | undefined>]);
  return {
    pending: tally.waiting + actions.length,
    decisions: actions.filter((a) => a.type === 'decision').length,
    refused: tally.failedWith.map((e) => ({ id: e.id, reason: e.lastError!.slice(INVALID_PREFIX.length) })),
    conflicts: tally.conflicts,
    lastSuccessAt: last?.ok ? last.at : (last?.lastSuccessAt ?? null),
    lastError: last && !last.ok ? { key: (last.error ?? 'syncError.network') as SyncErrorKey, message: last.message ?? '', at: last.at } : null,
  };
}

export async function recordRun(db: ContrechampDb, at: Date, error: { key: SyncErrorKey; message: string } | null): Promise<void> {
  const previous = (await getMeta(db, 'lastSync')) as LastSync | undefined;
  const lastSuccessAt = previous?.ok ? previous.at : previous?.lastSuccessAt;
  const value: LastSync = error
    ? { at: at.toISOString(), ok: false, error: error.key, message: error.message, ...(lastSuccessAt ? { lastSuccessAt } : {}) }
    : { at: at.toISOString(), ok: true };
  await setMeta(db, 'lastSync', value);
}
