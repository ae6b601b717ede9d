/**
 * My observations (store `observations`, key `id`, indexes `observedAt` and `kind`): the newest
 * version of each, tombstones included. Every write also queues the change in the outbox, in the
 * same transaction, so a change is never stored without being queued for the server (nor queued
 * without being stored). Reads validate each record: a record that fails the schema is reported as
 * damaged with its key and the reason, never thrown at the list.
 */
import { restore, tombstone } from '../core/observation-factory.ts';
import type { Observation } from '../core/observation.ts';
import { postNotice } from './notices.ts';
import { inTransaction, runAll, writeAtOnce, type ContrechampDb, type OutboxEntry, type PhotoRecord, type SyncRecord } from './db.ts';
import { StoreError, toStoreError } from './errors.ts';
import { writePoint } from './map-points.ts';
import { coalescedEntry, entryFor } from './outbox.ts';
import { readNewestRecords, type NewestRecords } from './newest-records.ts';
import { recordPages } from './paged-reads.ts';
import { checkPhoto } from './photos.ts';
import { requestPersistence } from './storage.ts';
import { damageOf, recordKey, type DamagedRecord } from './stored-records.ts';

export interface SaveOptions {
  /** Deletes this draft in the same transaction, so a saved form never comes back as a draft. */
  clearDraft?: string;
  /** Clock for the outbox entry (tests). */
  now?: Date;
}

function checkObservation(obs: Observation): void {
  const reason = damageOf(obs);
  if (reason !== null) throw new StoreError('store.invalid', `observation ${String(obs?.id)} is not valid: ${reason}`);
}

/**
 * Stores a new observation or a new version of one, with its photos and its outbox entry, in ONE
 * transaction; resolves once it has committed. A version not newer than the stored one is refused
 * with `store.stale` (another tab saved first). A full disk rejects with `store.quota` and leaves
 * everything stored before untouched.
 */
export async function saveObservation(
  db: ContrechampDb,
  obs: Observation,
  photos: readonly PhotoRecord[] = [],
  options: SaveOptions = {},
): Promise<void> {
  checkObservation(obs);
  photos.forEach(checkPhoto);
  const now = options.now ?? new Date();
  if (!(obs.version === 1 && (await addedAsNew(db, obs, photos, options.clearDraft, now)))) {
    await putVersion(db, obs, photos, options.clearDraft, now);
  }
  postNotice({ stores: photos.length > 0 ? ['observations', 'outbox', 'photos'] : ['observations', 'outbox'], ids: [obs.id] });
  // Asked once, after the first save: the moment the walker has something worth keeping.
  void requestPersistence(db, now);
}

type SaveStore = 'observations' | 'outbox' | 'sync' | 'mapPoints' | 'photos' | 'drafts';

function saveStores(base: SaveStore[], photos: readonly PhotoRecord[], draft: string | undefined): SaveStore[] {
  if (photos.length > 0) base.push('photos');
  if (draft !== undefined) base.push('drafts');
  return base;
}

/**
 * A first version written with no read: `add` refuses a key already taken (ConstraintError), which
 * aborts the whole transaction, so nothing of it is written. Resolves false then, for putVersion()
 * to read what is stored. Without an outbox entry or an observation under its id, the server has
 * never acknowledged it either: no sync record is read (ids are made fresh by the factory).
 */
function addedAsNew(db: ContrechampDb, obs: Observation, photos: readonly PhotoRecord[], draft: string | undefined, now: Date): Promise<boolean> {
  return writeAtOnce(db, saveStores(['observations', 'outbox', 'mapPoints'], photos, draft), `saving observation ${obs.id}`, (tx) => {
    tx.objectStore('observations').add(obs);
    tx.objectStore('outbox').add(entryFor(obs, undefined, undefined, now));
    writePoint(tx.objectStore('mapPoints'), obs);
    for (const photo of photos) tx.objectStore('photos').put(photo);
    if (draft !== undefined) tx.objectStore('drafts').delete(draft);
  });
}

/** Any version over what is stored: reads the stored record, the waiting entry and the sync record, then writes. */
async function putVersion(db: ContrechampDb, obs: Observation, photos: readonly PhotoRecord[], draft: string | undefined, now: Date): Promise<void> {
  await inTransaction(db, saveStores(['observations', 'outbox', 'sync', 'mapPoints'], photos, draft), 'readwrite', `saving observation ${obs.id}`, async (tx) => {
    const observations = tx.objectStore('observations');
    const outbox = tx.objectStore('outbox');
    // Requests of one transaction run in the order issued, so the reads see the records as they
    // were before the writes issued with them; a stale version throws, and the abort undoes them.
    // Everything goes in one round trip: the outbox entry as it is for an observation the outbox
    // and the server have never seen, put again below only when the reads say otherwise (an edit
    // coalesces with what waits or with what the server acknowledged).
    const reads = runAll([() => observations.get(obs.id), () => outbox.get(obs.id), () => tx.objectStore('sync').get(obs.id)]);
    const unseen = entryFor(obs, undefined, undefined, now);
    const writes: (() => Promise<unknown>)[] = [() => observations.put(obs), () => outbox.put(unseen), () => writePoint(tx.objectStore('mapPoints'), obs)];
    for (const photo of photos) writes.push(() => tx.objectStore('photos').put(photo));
    if (draft !== undefined) writes.push(() => tx.objectStore('drafts').delete(draft));
    const written = runAll(writes);
    // Observed here: if a read fails first, the writes' rejection is the same abort.
    written.catch(() => undefined);
    const [stored, waiting, known] = (await reads) as [Observation | undefined, OutboxEntry | undefined, SyncRecord | undefined];
    // A damaged record has no usable version: the new one replaces it.
    if (stored && typeof stored.version === 'number' && stored.version >= obs.version) {
      throw new StoreError('store.stale', `observation ${obs.id}: version ${obs.version} is not newer than the stored ${stored.version}`);
    }
    if (waiting === undefined && known === undefined) await written;
    else await Promise.all([written, runAll([() => outbox.put(entryFor(obs, waiting, known, now))])]);
  });
}

/** One observation (tombstones included), undefined if unknown; `store.damaged` if it fails the schema. */
export async function getObservation(db: ContrechampDb, id: string): Promise<Observation | undefined> {
  const record: unknown = await db.get('observations', id);
  if (record === undefined) return undefined;
  const reason = damageOf(record);
  if (reason !== null) throw new StoreError('store.damaged', `observation ${id} is damaged: ${reason}`);
  return record as Observation;
}

/** toISOString() form: these compare as strings in time order. */
const UTC_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * My observations, newest first by observedAt (ties: newest id first), tombstones left out, and the
 * records that fail the schema (in key order). Read in pages (paged-reads.ts) and checked page by
 * page, so neither IndexedDB nor the main thread is held for long; then one sort, by string (time
 * order for toISOString() stamps), put right by time when other offsets are met. Once `signal` is
 * aborted no further page is read or checked (rejects with a StoreError).
 */
export async function listObservations(
  db: ContrechampDb,
  signal?: AbortSignal,
): Promise<{ observations: Observation[]; damaged: DamagedRecord[] }> {
  const observations: Observation[] = [];
  const damaged: DamagedRecord[] = [];
  let inTimeOrder = true;
  try {
    for await (const page of recordPages(db, 'observations', { signal })) {
      for (const record of page) {
        const reason = damageOf(record);
        if (reason !== null) {
          damaged.push({ key: recordKey(record), reason });
          continue;
        }
        const obs = record as Observation;
        if (!UTC_STAMP.test(obs.observedAt)) inTimeOrder = false;
        if (!obs.deleted) observations.push(obs);
      }
    }
  } catch (error) {
    throw toStoreError(error, 'listing observations');
  }
  observations.sort((a, b) => (a.observedAt === b.observedAt ? (a.id < b.id ? 1 : -1) : a.observedAt < b.observedAt ? 1 : -1));
  if (!inTimeOrder) sortNewestFirst(observations);
  return { observations, damaged };
}

/**
 * The newest `limit` observations (tombstones left out): a quick first screen while
 * listObservations() reads everything. Index order is string order (exact for toISOString()
 * stamps); ties come newest id first, as in listObservations(). Damaged records met on the way are
 * reported. Read again with twice the span while tombstones leave fewer than `limit`. Resolves as
 * soon as the records are read (a readonly transaction has nothing to commit). `started`: the
 * first span's read, `readNewestRecords(db, limit)`, when the page's first script began it.
 */
export async function listRecentObservations(
  db: ContrechampDb,
  limit: number,
  started?: Promise<NewestRecords>,
): Promise<{ observations: Observation[]; damaged: DamagedRecord[] }> {
  try {
    for (let span = Math.max(1, limit); ; span *= 2) {
      const { newest, all } = await (span === limit && started ? started : readNewestRecords(db, span));
      const observations: Observation[] = [];
      const damaged: DamagedRecord[] = [];
      for (const record of newest) {
        if (observations.length >= limit) break;
        const reason = damageOf(record);
        if (reason !== null) damaged.push({ key: recordKey(record), reason });
        else if (!(record as Observation).deleted) observations.push(record as Observation);
      }
      if (observations.length >= limit || all) return { observations, damaged };
    }
  } catch (error) {
    throw toStoreError(error, 'listing recent observations');
  }
}

function sortNewestFirst(list: Observation[]): void {
  const time = new Map(list.map((o) => [o, Date.parse(o.observedAt)]));
  // Stable: ties keep the index order (newest id first).
  list.sort((a, b) => (time.get(b) ?? 0) - (time.get(a) ?? 0));
}

/** Reads, changes and writes one observation in one transaction, queuing the change. */
async function replaceWith(
  db: ContrechampDb,
  id: string,
  doing: string,
  change: (current: Observation) => Observation | null,
  now: Date,
): Promise<Observation> {
  let changed = false;
  const result = await inTransaction(db, ['observations', 'outbox', 'sync', 'mapPoints'], 'readwrite', `${doing} ${id}`, async (tx) => {
    const record: unknown = await tx.objectStore('observations').get(id);
    if (record === undefined) throw new StoreError('store.notFound', `no observation ${id}`);
    const reason = damageOf(record);
    if (reason !== null) throw new StoreError('store.damaged', `observation ${id} is damaged: ${reason}`);
    const next = change(record as Observation);
    if (next === null) return record as Observation;
    const entry = await coalescedEntry(tx.objectStore('outbox'), tx.objectStore('sync'), next, now);
    await runAll([() => tx.objectStore('observations').put(next), () => tx.objectStore('outbox').put(entry), () => writePoint(tx.objectStore('mapPoints'), next)]);
    changed = true;
    return next;
  });
  if (changed) postNotice({ stores: ['observations', 'outbox'], ids: [id] });
  return result;
}

/** Deletes as a tombstone (a new version, queued like an edit). Deleting a tombstone changes nothing. */
export async function deleteObservation(db: ContrechampDb, id: string, now: Date = new Date()): Promise<Observation> {
  return replaceWith(db, id, 'deleting', (current) => (current.deleted ? null : tombstone(current, now)), now);
}

/** Undoes a delete with a further version. Restoring a live observation changes nothing. */
export async function restoreObservation(db: ContrechampDb, id: string, now: Date = new Date()): Promise<Observation> {
  return replaceWith(db, id, 'restoring', (current) => (current.deleted ? restore(current, now) : null), now);
}

/**
 * Removes a damaged record (and its outbox entry) for good, once the user has seen it. Refuses a
 * record that is valid: valid observations are only ever deleted as tombstones.
 */
export async function discardDamaged(db: ContrechampDb, key: string): Promise<void> {
  await inTransaction(db, ['observations', 'outbox', 'mapPoints'], 'readwrite', `discarding damaged record ${key}`, async (tx) => {
    const record: unknown = await tx.objectStore('observations').get(key);
    if (record === undefined) throw new StoreError('store.notFound', `no record ${key}`);
    if (damageOf(record) === null) throw new StoreError('store.invalid', `record ${key} is not damaged; delete it as a tombstone`);
    await runAll([() => tx.objectStore('observations').delete(key), () => tx.objectStore('outbox').delete(key), () => tx.objectStore('mapPoints').delete(key)]);
  });
  postNotice({ stores: ['observations', 'outbox'], ids: [key] });
}
