/**
 * The IndexedDB database `contrechamp`: its schema and its cumulative migrations.
 *
 * Stores (version in which each appeared):
 * - observations (v1, key `id`; v2 indexes `observedAt`, `kind`): my own observations, newest version
 *   only; tombstones stay (deletes travel to the server like edits).
 * - photos (v1, key `hash`): re-encoded JPEG bytes as ArrayBuffer + type (Safari loses Blobs in IDB).
 * - outbox (v1, key = observation id; v2 index `queuedAt`): one entry per observation that has a
 *   change the server has not acknowledged; edits before a sync coalesce into that one entry.
 * - drafts (v2, key `key`): half-filled forms that survive the app being killed.
 * - shared (v3, key `id`, index `observedAt`): the collective's map pulled from the server (v5:
 *   others' devices under their public ids; what was pulled under the authors' ids is dropped).
 * - meta (v3, out-of-line string keys): sync cursor, server URL, last sync, persistence asked.
 * - sync (v3, key = observation id): the version the server last acknowledged, and any conflict.
 * - publication (v4, key `id`): what the server says of an observation (core/publication.ts): the
 *   state and reason of my own (by my id), the public history of the shared map's devices (by their
 *   public id). Written with each pulled page; a device that leaves the public set is dropped.
 * - actions (v4, auto key, index `queuedAt`): answers and decisions made offline, waiting for the
 *   server like observations do: "still there?" answers, "it is this one" confirmations, moderator
 *   decisions.
 *
 * v6 changed data, not stores: `details.direction` is a list of directions (core/direction.ts); a
 * stored single bearing (observations, shared map, drafts, conflicts) became a list of one.
 * - mapPoints (v7, key `id`): what the map draws of each live observation of mine (core/map-point.ts),
 *   written in the same transaction as the observation, so the map reads small records in one
 *   request; filled from the stored observations by the upgrade.
 * - v8 indexes for the sync badge, which counts rather than reads every record: outbox `lastError`
 *   (only entries that failed are in it) and sync `conflictAt` (`conflict.at`: only records that hold
 *   a conflict are in it).
 *
 * Migrations run in order from the version found (`if (oldVersion < N)`), so a device that skipped
 * releases still climbs every step. Never change a published step: add a new one.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { mapPointOf, type MapPoint } from '../core/map-point.ts';
import type { Details, Observation } from '../core/observation.ts';
import type { Publication } from '../core/publication.ts';
import type { Confirmation, Decision, DecisionResult, QueuePage } from '../core/wire.ts';
import { DEVICE_INVENTORY } from './device-inventory.ts';
import { isQuotaError, toStoreError } from './errors.ts';

export const DB_NAME = DEVICE_INVENTORY.indexedDb.main.name;
export const DB_VERSION = 8;

/** A re-encoded photo, addressed by the SHA-256 hex of its bytes. */
export interface PhotoRecord {
  hash: string;
  type: string;
  data: ArrayBuffer;
  width: number;
  height: number;
  size: number;
}

/**
 * A change waiting for the server. `version` is the observation's current version; `baseVersion` is
 * the version the server last acknowledged (null: the server has never seen this observation).
 */
export interface OutboxEntry {
  id: string;
  version: number;
  baseVersion: number | null;
  /** When the first unsent change was queued (kept when later edits coalesce, so order is fair). */
  queuedAt: string;
  attempts: number;
  /** The last failure, in words, for the sync status (cleared by a new change). */
  lastError?: string;
}

/** The half-filled form. Photo hashes name photos already in the photos store. */
export type Draft = Partial<Omit<Observation, 'details'>> & { details?: Details };

export interface DraftRecord {
  key: string;
  draft: Draft;
  savedAt: string;
}

/** What the server knows of one of my observations. */
export interface SyncRecord {
  id: string;
  /** The version the server last acknowledged. */
  ackedVersion: number;
  /** Set when the server refused my change as stale: it kept its copy, mine is kept here. */
  /** `survivor`: merged by a moderator into that device (mine cannot be sent any more). */
  conflict?: { mine: Observation; serverVersion: number; at: string; survivor?: string };
}

/** An answer or decision made offline, waiting for the server (store `actions`). */
export type QueuedAction =
  | { key?: number; type: 'confirmation'; confirmation: Confirmation; queuedAt: string; lastError?: string }
  | { key?: number; type: 'decision'; decision: Decision; queuedAt: string; lastError?: string };

export interface MetaValues {
  /** The `next` cursor of the last pulled page. */
  syncCursor: string;
  /** Base URL of the shared server; absent = the app's own origin. */
  serverUrl: string;
  /** The device token (random, from POST /api/v1/devices). */
  deviceToken: string;
  /** The last sync run: `error` a message key, `message` the detail, `lastSuccessAt` the last good run. */
  lastSync: { at: string; ok: boolean; error?: string; message?: string; lastSuccessAt?: string };
  persistence: { askedAt: string; granted: boolean };
  /** The server's "still there?" interval in days, from the last pull (0: every device is due). */
  recheckDays: number;
  /** A moderator token entered in the settings: turns on the Moderation view. */
  moderatorToken: string;
  /** Moderator decisions the server answered `decided`: another moderator was first (theirs stands). */
  decidedFirst: DecisionResult[];
  /** The moderation queue as last fetched, so a moderator can decide offline. */
  moderationQueue: QueuePage;
  /** A random UUID of this device that names the ids of imported OSM elements (core osmElementId). */
  importNamespace: string;
}
export type MetaKey = keyof MetaValues;

export interface ContrechampSchema extends DBSchema {
  observations: {
    key: string;
    value: Observation;
    indexes: { observedAt: string; kind: string };
  };
  photos: { key: string; value: PhotoRecord };
  outbox: { key: string; value: OutboxEntry; indexes: { queuedAt: string; lastError: string } };
  drafts: { key: string; value: DraftRecord };
  shared: { key: string; value: Observation; indexes: { observedAt: string } };
  meta: { key: MetaKey; value: MetaValues[MetaKey] };
  sync: { key: string; value: SyncRecord; indexes: { conflictAt: string } };
  publication: { key: string; value: Publication };
  actions: { key: number; value: QueuedAction; indexes: { queuedAt: string } };
  mapPoints: { key: string; value: MapPoint };
}

export type ContrechampDb = IDBPDatabase<ContrechampSchema>;
export type StoreName = StoreNames<ContrechampSchema>;

type UpgradeTx = IDBPTransaction<ContrechampSchema, StoreName[], 'versionchange'>;

/** Exported for the migration tests; the app only calls openDb(). */
export function upgrade(db: ContrechampDb, oldVersion: number, tx: UpgradeTx): void {
  if (oldVersion < 1) {
    db.createObjectStore('observations', { keyPath: 'id' });
    db.createObjectStore('photos', { keyPath: 'hash' });
    db.createObjectStore('outbox', { keyPath: 'id' });
  }
  if (oldVersion < 2) {
    // The list reads one index in order instead of sorting 10,000 records in memory.
    const observations = tx.objectStore('observations');
    observations.createIndex('observedAt', 'observedAt');
    observations.createIndex('kind', 'kind');
    tx.objectStore('outbox').createIndex('queuedAt', 'queuedAt');
    db.createObjectStore('drafts', { keyPath: 'key' });
  }
  if (oldVersion < 3) {
    const shared = db.createObjectStore('shared', { keyPath: 'id' });
    shared.createIndex('observedAt', 'observedAt');
    db.createObjectStore('meta');
    // Nothing synced before v3, so no sync record is right for every existing observation.
    db.createObjectStore('sync', { keyPath: 'id' });
  }
  if (oldVersion < 4) {
    // Before v4 nobody knew states: the next pull brings them (a full pull, from the start, so
    // that every device also learns what left the public set).
    db.createObjectStore('publication', { keyPath: 'id' });
    db.createObjectStore('actions', { keyPath: 'key', autoIncrement: true }).createIndex('queuedAt', 'queuedAt');
    if (oldVersion >= 3) tx.objectStore('meta').delete('syncCursor');
  }
  if (oldVersion >= 3 && oldVersion < 5) {
    // The server now shows others' devices under public ids (an author's UUIDv7 tells when it was
    // made): what was pulled under the old ids is forgotten, my own states are kept, and the next
    // pull starts from the beginning.
    tx.objectStore('shared').clear();
    tx.objectStore('meta').delete('syncCursor');
    void dropOthersPublication(tx);
  }
  const directions = oldVersion >= 1 && oldVersion < 6 ? listDirections(tx, oldVersion) : Promise.resolve();
  if (oldVersion < 7) {
    db.createObjectStore('mapPoints', { keyPath: 'id' });
    // From the observations as v6 left them.
    if (oldVersion >= 1) void directions.then(() => fillMapPoints(tx));
  }
  if (oldVersion < 8) {
    // A record without the key path is left out of an index, so each index holds only what it counts.
    tx.objectStore('outbox').createIndex('lastError', 'lastError');
    tx.objectStore('sync').createIndex('conflictAt', 'conflict.at');
  }
}

/**
 * v7: a point for every stored observation that is live and has what a point needs (read back
 * through its schema, as any stored record; a damaged observation stays in the list's damaged set).
 */
async function fillMapPoints(tx: UpgradeTx): Promise<void> {
  const points = tx.objectStore('mapPoints');
  for (let c = await tx.objectStore('observations').openCursor(); c; c = await c.continue()) {
    const obs = c.value as Partial<Observation>;
    if (typeof obs.id !== 'string' || !obs.position || typeof obs.kind !== 'string' || typeof obs.details !== 'object' || obs.details === null) continue;
    const point = mapPointOf(obs as Observation);
    if (point) void points.put(point);
  }
}

type StoredDetails = { direction?: unknown } | undefined;

/** The details with a single-number direction made a list of one; null when there is nothing to change. */
function listedDirection(details: StoredDetails): StoredDetails | null {
  return typeof details?.direction === 'number' ? { ...details, direction: [{ bearing: details.direction }] } : null;
}

/** v6: every stored single-bearing direction becomes a list of one (in the upgrade transaction). */
async function listDirections(tx: UpgradeTx, oldVersion: number): Promise<void> {
  for (const name of oldVersion >= 3 ? (['observations', 'shared'] as const) : (['observations'] as const)) {
    for (let c = await tx.objectStore(name).openCursor(); c; c = await c.continue()) {
      const details = listedDirection(c.value.details as StoredDetails);
      if (details) await c.update({ ...c.value, details } as Observation);
    }
  }
  if (oldVersion >= 2) {
    for (let c = await tx.objectStore('drafts').openCursor(); c; c = await c.continue()) {
      const details = listedDirection(c.value.draft.details as StoredDetails);
      if (details) await c.update({ ...c.value, draft: { ...c.value.draft, details: details as Details } });
    }
  }
  if (oldVersion >= 3) {
    for (let c = await tx.objectStore('sync').openCursor(); c; c = await c.continue()) {
      const conflict = c.value.conflict;
      const details = conflict && listedDirection(conflict.mine.details as StoredDetails);
      if (conflict && details) await c.update({ ...c.value, conflict: { ...conflict, mine: { ...conflict.mine, details: details as Details } } });
    }
  }
}

/** Deletes the publication records that are not of my own observations (in the upgrade transaction). */
async function dropOthersPublication(tx: UpgradeTx): Promise<void> {
  const mine = new Set(await tx.objectStore('observations').getAllKeys());
  for (let c = await tx.objectStore('publication').openCursor(); c; c = await c.continue()) {
    if (!mine.has(c.key)) await c.delete();
  }
}

/**
 * Opens (and migrates) the database. Another tab that wants a newer version or to delete the
 * database (wipe) makes this connection close itself rather than block it.
 */
export async function openDb(name: string = DB_NAME): Promise<ContrechampDb> {
  try {
    const db = await openDB<ContrechampSchema>(name, DB_VERSION, {
      upgrade: (database, oldVersion, _newVersion, tx) => upgrade(database, oldVersion, tx),
      blocking: () => db.close(),
    });
    return db;
  } catch (error) {
    throw toStoreError(error, `opening the database ${name}`);
  }
}

/**
 * Runs `body` in one transaction and resolves only once it has committed. Anything thrown (a put
 * that fails, a full disk) aborts the whole transaction, so nothing is half-written. `body` must
 * await only IndexedDB requests of `tx`: any other await lets the transaction commit early.
 */
export async function inTransaction<Names extends StoreName[], Mode extends IDBTransactionMode, T>(
  db: ContrechampDb,
  stores: Names,
  mode: Mode,
  doing: string,
  body: (tx: IDBPTransaction<ContrechampSchema, Names, Mode>) => Promise<T>,
): Promise<T> {
  let tx: IDBPTransaction<ContrechampSchema, Names, Mode>;
  try {
    // Strict: the write is on disk when the transaction completes, so "saved" survives a battery
    // that dies a second later (Chromium's default is relaxed).
    tx = db.transaction(stores, mode, mode === 'readwrite' ? { durability: 'strict' } : {});
  } catch (error) {
    throw toStoreError(error, doing);
  }
  // Observed early so an abort below never surfaces as an unhandled rejection.
  tx.done.catch(() => undefined);
  try {
    const result = await body(tx);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already committed or aborted: nothing to undo.
    }
    // A failed request aborts the transaction; its error says why (e.g. QuotaExceededError).
    throw toStoreError(isQuotaError(error) ? error : (tx.error ?? error), doing);
  }
}

/**
 * Issues writes in one strict readwrite transaction through the raw IndexedDB API and resolves true
 * once it has committed. No promise per request: in Chromium this saves about a third of a
 * millisecond per save over idb's wrapped requests (bench/save-profile.ts). A request refused with
 * ConstraintError (an `add` over a key already taken) aborts the whole transaction and resolves
 * false; any other failure rejects with a StoreError (`store.quota` for a full disk). Either way an
 * aborted transaction has written nothing. `issue` must only issue requests of `tx`.
 */
export function writeAtOnce(db: ContrechampDb, stores: StoreName[], doing: string, issue: (tx: IDBTransaction) => void): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let tx: IDBTransaction | undefined;
    try {
      tx = unwrap(db).transaction(stores, 'readwrite', { durability: 'strict' });
      issue(tx);
    } catch (error) {
      try {
        tx?.abort();
      } catch {
        // Already aborted: nothing to undo.
      }
      reject(toStoreError(error, doing));
      return;
    }
    const issued = tx;
    issued.oncomplete = () => resolve(true);
    issued.onabort = () => (issued.error?.name === 'ConstraintError' ? resolve(false) : reject(toStoreError(issued.error, doing)));
  });
}

/**
 * Issues requests of one transaction together and waits for all. A request that throws on issue
 * (a value that cannot be cloned, a full disk) becomes a rejection like the others, so the requests
 * already issued are still observed when the transaction aborts (no unhandled rejections).
 */
export function runAll(requests: readonly (() => Promise<unknown>)[]): Promise<unknown[]> {
  return Promise.all(
    requests.map((issue) => {
      try {
        return issue();
      } catch (error) {
        return Promise.reject(error);
      }
    }),
  );
}
