/**
 * The outbox (store `outbox`, key = observation id) and what the server knows (store `sync`).
 *
 * Every change to one of my observations is queued in the same transaction as the change itself.
 * Changes coalesce: an observation has at most one entry, for its newest version, whose
 * `baseVersion` stays the version the server last acknowledged (null if it never saw it). The sync
 * client drains it with outboxBatch() → push → acknowledge() / recordFailure() / markConflict().
 */
import type { IDBPObjectStore } from 'idb';
import type { Observation } from '../core/observation.ts';
import { postNotice } from './notices.ts';
import { inTransaction, runAll, type ContrechampDb, type ContrechampSchema, type OutboxEntry, type StoreName, type SyncRecord } from './db.ts';
import { StoreError, toStoreError } from './errors.ts';
import { writePoint } from './map-points.ts';
import { allKeys, allRecords } from './paged-reads.ts';
import { damageOf, readRecord, recordKey, type DamagedRecord } from './stored-records.ts';

export type { OutboxEntry, SyncRecord } from './db.ts';

/** local: the server never saw it; waiting: the server has an older version; synced; conflict. */
export type SyncState = 'local' | 'waiting' | 'synced' | 'conflict';

type WriteStore<Name extends StoreName> = IDBPObjectStore<ContrechampSchema, StoreName[], Name, 'readwrite'>;

/**
 * The outbox entry for `obs` once it is queued, coalesced with any entry already waiting.
 * Reads only; the caller puts the result in the same transaction as the observation.
 */
export async function coalescedEntry(
  outbox: WriteStore<'outbox'>,
  sync: WriteStore<'sync'>,
  obs: Observation,
  now: Date,
): Promise<OutboxEntry> {
  const [waiting, known] = await Promise.all([outbox.get(obs.id), sync.get(obs.id)]);
  return entryFor(obs, waiting, known, now);
}

/**
 * The outbox entry for `obs`, coalesced with `waiting` (the entry already queued for its id, if
 * any); `known` is what the server acknowledged for that id, if anything. Pure.
 */
export function entryFor(obs: Observation, waiting: OutboxEntry | undefined, known: SyncRecord | undefined, now: Date): OutboxEntry {
  if (waiting) {
    // The server still has (at most) the version it had when the first change was queued.
    return { id: obs.id, version: obs.version, baseVersion: waiting.baseVersion, queuedAt: waiting.queuedAt, attempts: waiting.attempts };
  }
  return { id: obs.id, version: obs.version, baseVersion: known?.ackedVersion ?? null, queuedAt: now.toISOString(), attempts: 0 };
}

/** How many changes wait for the server (the sync badge). */
export async function pendingCount(db: ContrechampDb): Promise<number> {
  return db.count('outbox');
}

/** What the sync badge shows of the outbox and the sync records. */
export interface SyncTally {
  /** Entries in the outbox. */
  waiting: number;
  /** The entries whose last error starts with the prefix asked, oldest first (listOutbox's order). */
  failedWith: OutboxEntry[];
  /** Sync records that hold a conflict. */
  conflicts: number;
}

/**
 * The badge's figures, counted by the store and its v8 indexes (db.ts) rather than by reading every
 * entry and record: one readonly transaction, three requests, whatever the number waiting. Only the
 * entries whose `lastError` starts with `errorPrefix` are read (the sync's refused ones: few).
 * @throws StoreError when IndexedDB fails.
 */
export async function syncTally(db: ContrechampDb, errorPrefix: string): Promise<SyncTally> {
  return inTransaction(db, ['outbox', 'sync'], 'readonly', 'counting the outbox', async (tx) => {
    const [waiting, failedWith, conflicts] = await Promise.all([
      tx.objectStore('outbox').count(),
      tx.objectStore('outbox').index('lastError').getAll(prefixRange(errorPrefix)),
      tx.objectStore('sync').index('conflictAt').count(),
    ]);
    failedWith.sort((a, b) => (a.queuedAt === b.queuedAt ? (a.id < b.id ? -1 : 1) : a.queuedAt < b.queuedAt ? -1 : 1));
    return { waiting, failedWith, conflicts };
  });
}

/** Every string key that starts with `prefix` (all of them for ''): up to the prefix with its last unit raised, excluded. */
function prefixRange(prefix: string): IDBKeyRange | null {
  if (prefix === '') return null;
  const last = prefix.charCodeAt(prefix.length - 1);
  return IDBKeyRange.bound(prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1), false, true);
}

/** Waiting entries, oldest first (queuedAt, then id: the index's order); all of them read in pages (paged-reads.ts). */
export async function listOutbox(db: ContrechampDb, limit?: number): Promise<OutboxEntry[]> {
  if (limit !== undefined) return db.getAllFromIndex('outbox', 'queuedAt', null, limit);
  const entries = (await allRecords(db, 'outbox')) as OutboxEntry[];
  // Sorted stably from key (id) order: equal stamps stay in id order.
  return entries.sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0));
}

export interface OutboxItem {
  entry: OutboxEntry;
  observation: Observation;
}

/**
 * The next changes to push, oldest first, each with the observation as it is now (its version is
 * the entry's). Entries whose record is damaged are returned apart: they cannot be sent.
 */
export async function outboxBatch(
  db: ContrechampDb,
  limit = 500,
): Promise<{ items: OutboxItem[]; damaged: DamagedRecord[] }> {
  return inTransaction(db, ['outbox', 'observations'], 'readonly', 'reading the outbox', async (tx) => {
    const entries = await tx.objectStore('outbox').index('queuedAt').getAll(null, limit);
    const records = await Promise.all(entries.map((e) => tx.objectStore('observations').get(e.id)));
    const items: OutboxItem[] = [];
    const damaged: DamagedRecord[] = [];
    entries.forEach((entry, i) => {
      const read = records[i] === undefined ? { observation: null, reason: 'observation missing' } : readRecord(records[i]);
      if (read.observation) items.push({ entry, observation: read.observation });
      else damaged.push({ key: entry.id, reason: read.reason });
    });
    return { items, damaged };
  });
}

export interface Acknowledgement {
  id: string;
  /** The version that was sent. */
  version: number;
  /** The version the server now holds (its answer: created, updated or unchanged). */
  serverVersion: number;
}

/**
 * Records the server's acceptance. An entry is removed only if no newer edit was queued while the
 * push was in flight; otherwise it stays, now based on the version the server holds.
 */
export async function acknowledge(db: ContrechampDb, acks: readonly Acknowledgement[]): Promise<void> {
  if (acks.length === 0) return;
  await inTransaction(db, ['outbox', 'sync'], 'readwrite', 'recording acknowledgements', async (tx) => {
    const outbox = tx.objectStore('outbox');
    const sync = tx.objectStore('sync');
    const entries = await Promise.all(acks.map((a) => outbox.get(a.id)));
    const writes: (() => Promise<unknown>)[] = [];
    acks.forEach((ack, i) => {
      const entry = entries[i];
      if (entry && entry.version <= ack.version) writes.push(() => outbox.delete(ack.id));
      else if (entry) writes.push(() => outbox.put({ ...entry, baseVersion: ack.serverVersion }));
      writes.push(() => sync.put({ id: ack.id, ackedVersion: ack.serverVersion }));
    });
    await runAll(writes);
  });
  postNotice({ stores: ['outbox', 'sync'], ids: acks.map((a) => a.id) });
}

/** Counts a failed attempt (network, 5xx, invalid) and keeps the reason for the status line. */
export async function recordFailure(db: ContrechampDb, ids: readonly string[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await inTransaction(db, ['outbox'], 'readwrite', 'recording a sync failure', async (tx) => {
    const entries = await Promise.all(ids.map((id) => tx.objectStore('outbox').get(id)));
    await runAll(
      entries.flatMap((e) => (e ? [() => tx.objectStore('outbox').put({ ...e, attempts: e.attempts + 1, lastError: error })] : [])),
    );
  });
  postNotice({ stores: ['outbox'], ids });
}

/**
 * The server refused my change as stale: its copy becomes the local observation, my version is
 * kept in the sync record (shown as a conflict) until resolveConflict(); `survivor` when a moderator
 * merged it into that device (my version can then never be sent). Throws a StoreError
 * (`store.invalid`) when the server copy is not a valid observation.
 */
export async function markConflict(db: ContrechampDb, serverCopy: unknown, now: Date = new Date(), survivor?: string): Promise<void> {
  const damage = damageOf(serverCopy);
  if (damage !== null) {
    throw new StoreError('store.invalid', `the server copy of ${recordKey(serverCopy)} is not a valid observation: ${damage}`);
  }
  // Stored as the server sent it (the schema's transforms, such as trimming, are not applied).
  const server = serverCopy as Observation;
  await inTransaction(db, ['observations', 'outbox', 'sync', 'mapPoints'], 'readwrite', 'recording a conflict', async (tx) => {
    const mine = await tx.objectStore('observations').get(server.id);
    const record: SyncRecord = { id: server.id, ackedVersion: server.version };
    if (mine && damageOf(mine) === null) {
      record.conflict = { mine, serverVersion: server.version, at: now.toISOString(), ...(survivor ? { survivor } : {}) };
    }
    await runAll([
      () => tx.objectStore('observations').put(server),
      () => writePoint(tx.objectStore('mapPoints'), server),
      () => tx.objectStore('outbox').delete(server.id),
      () => tx.objectStore('sync').put(record),
    ]);
  });
  postNotice({ stores: ['observations', 'outbox', 'sync'], ids: [server.id] });
}

/**
 * Ends a conflict. 'server' keeps the server copy; 'mine' makes my version a new version on top
 * of the server's (queued as any edit). Returns the observation as it now stands.
 */
export async function resolveConflict(
  db: ContrechampDb,
  id: string,
  keep: 'mine' | 'server',
  now: Date = new Date(),
): Promise<Observation> {
  const result = await inTransaction(db, ['observations', 'outbox', 'sync', 'mapPoints'], 'readwrite', 'resolving a conflict', async (tx) => {
    const sync = tx.objectStore('sync');
    const [record, current] = await Promise.all([sync.get(id), tx.objectStore('observations').get(id)]);
    if (!record?.conflict || !current) throw new StoreError('store.notFound', `no conflict recorded for ${id}`);
    if (keep === 'server') {
      await sync.put({ id, ackedVersion: record.ackedVersion });
      return current;
    }
    // My content as a new version on top of the server's, so the server accepts it as an edit.
    const next: Observation = { ...record.conflict.mine, version: current.version + 1, updatedAt: now.toISOString() };
    const entry = await coalescedEntry(tx.objectStore('outbox'), sync, next, now);
    await runAll([
      () => tx.objectStore('observations').put(next),
      () => writePoint(tx.objectStore('mapPoints'), next),
      () => tx.objectStore('outbox').put(entry),
      () => sync.put({ id, ackedVersion: record.ackedVersion }),
    ]);
    return next;
  });
  postNotice({ stores: ['observations', 'outbox', 'sync'], ids: [id] });
  return result;
}

function stateFrom(waiting: boolean, known: SyncRecord | undefined): SyncState {
  if (known?.conflict) return 'conflict';
  if (!known) return 'local';
  return waiting ? 'waiting' : 'synced';
}

export async function syncStateOf(db: ContrechampDb, id: string): Promise<SyncState> {
  return inTransaction(db, ['outbox', 'sync'], 'readonly', 'reading the sync state', async (tx) => {
    const [waiting, known] = await Promise.all([tx.objectStore('outbox').getKey(id), tx.objectStore('sync').get(id)]);
    return stateFrom(waiting !== undefined, known);
  });
}

/**
 * The sync state of every observation that has an outbox entry or a sync record (for the list and
 * its filter), both stores read in pages (paged-reads.ts). An id absent from the map is 'local'
 * (never queued nor acknowledged). Once `signal` is aborted no further page is read.
 */
export async function syncStates(db: ContrechampDb, signal?: AbortSignal): Promise<Map<string, SyncState>> {
  try {
    const [waiting, known] = await Promise.all([allKeys(db, 'outbox', { signal }), allRecords(db, 'sync', { signal }) as Promise<SyncRecord[]>]);
    const states = new Map<string, SyncState>();
    for (const id of waiting) states.set(id, 'local');
    for (const record of known) states.set(record.id, stateFrom(states.has(record.id), record));
    return states;
  } catch (error) {
    throw toStoreError(error, 'reading sync states');
  }
}
