/**
 * Import of a dataset (a GeoJSON, CSV or OSM file, or the ZIP bundle) into my observations, their
 * photos and the shared copy of the collective's map. Writes nothing of its own kind: it merges
 * into the stores `observations`, `photos`, `outbox`, `sync` and `shared` (see db.ts).
 *
 * Merge rules: by id, the newer version wins, an equal version changes nothing (so importing the
 * same file twice changes nothing), an older one is ignored. planImport() reads only (the preview);
 * applyImport() classifies again inside ONE readwrite transaction and writes everything there, so a
 * failed import (a full disk, a bad record) leaves every store as it was.
 *
 * The outbox: an imported new or newer version is a change the server may not have, so it is queued
 * like an edit, unless the bundle says the server already acknowledged that version (`acked`, from
 * the ZIP's sync.json: what the exporting device knew). Then it is recorded as synced and not pushed
 * again. A file without that knowledge (plain GeoJSON, CSV, OSM) is queued: the server answers a
 * re-sent id + version with "unchanged", so a needless push costs a request, never a duplicate.
 */
import { unwrap } from 'idb';
import { mapPointOf } from '../core/map-point.ts';
import type { Observation } from '../core/observation.ts';
import type { Kind } from '../core/taxonomy.ts';
import { postNotice } from './notices.ts';
import { inTransaction, type ContrechampDb, type OutboxEntry, type PhotoRecord, type SyncRecord } from './db.ts';
import { StoreError } from './errors.ts';
import { checkPhoto } from './photos.ts';
import { damageOf, recordKey } from './stored-records.ts';

export interface ImportBundle {
  /** Observations read (and validated) by the codecs; the same id may come more than once. */
  observations: readonly Observation[];
  /** Photos from the ZIP, their hashes already checked against their bytes. */
  photos?: readonly PhotoRecord[];
  /** Observation id → the version the server had acknowledged when the bundle was made. */
  acked?: Readonly<Record<string, number>>;
  /** The shared map, when the bundle carries it: goes to the shared copy, never to my observations. */
  shared?: readonly Observation[];
}

/** new: unknown here; updated: newer than the stored one; unchanged: same version; older: the stored one is newer. */
export type ImportOutcome = 'new' | 'updated' | 'unchanged' | 'older';
export const IMPORT_OUTCOMES: readonly ImportOutcome[] = ['new', 'updated', 'unchanged', 'older'];

type OutcomeCounts = Record<ImportOutcome, number>;
const noCounts = (): OutcomeCounts => ({ new: 0, updated: 0, unchanged: 0, older: 0 });

export interface ImportPlan {
  /** Outcomes over my observations. */
  totals: OutcomeCounts;
  /** Outcomes per kind (only kinds present in the file). */
  byKind: Partial<Record<Kind, OutcomeCounts>>;
  /** Records of the file that repeated an id (the highest version of each id is kept). */
  duplicates: number;
  photos: {
    /** Photos the file brings that this device lacks. */
    added: number;
    /** Photos the file brings that are already here. */
    present: number;
    /** Photos named by an imported observation that neither the file nor this device has. */
    missing: number;
  };
  shared: OutcomeCounts;
  /** How many observations the server already has in the imported version (not pushed again). */
  alreadySynced: number;
}

export const isEmptyPlan = (plan: ImportPlan): boolean =>
  plan.totals.new + plan.totals.updated + plan.photos.added + plan.shared.new + plan.shared.updated === 0;

function classify(stored: unknown, incoming: Observation): ImportOutcome {
  if (stored === undefined) return 'new';
  // A damaged record has no usable version: the imported one replaces it (as saveObservation does).
  if (damageOf(stored) !== null) return 'updated';
  const version = (stored as Observation).version;
  if (version < incoming.version) return 'updated';
  return version === incoming.version ? 'unchanged' : 'older';
}

function classifyShared(stored: Observation | undefined, incoming: Observation): ImportOutcome {
  if (stored === undefined) return incoming.deleted ? 'unchanged' : 'new';
  if (stored.version < incoming.version) return 'updated';
  return stored.version === incoming.version ? 'unchanged' : 'older';
}

interface Classified {
  plan: ImportPlan;
  /** My observations to write, with their outcome. */
  writes: { obs: Observation; outcome: 'new' | 'updated' }[];
  photos: PhotoRecord[];
  shared: { obs: Observation; remove: boolean }[];
}

/** Past this many records, one getAll() of the store beats a get() per id (100,000 gets take seconds). */
const BULK_READ = 500;

interface ReadableStore<V> {
  get(id: string): Promise<V | undefined>;
  getAll(): Promise<V[]>;
}

/** The stored records of the ids of `list`, by id: a get per id, or one bulk read of the store. */
async function storedOf<V>(store: ReadableStore<V>, list: readonly { id: string }[]): Promise<Map<unknown, V>> {
  const byId = new Map<unknown, V>();
  if (list.length > BULK_READ) {
    for (const record of await store.getAll()) byId.set((record as { id?: unknown }).id, record);
    return byId;
  }
  // An id that is no key (a record the schema check refuses) has nothing stored.
  const ids = list.map((o) => o.id).filter((id) => typeof id === 'string');
  const records = await Promise.all(ids.map((id) => store.get(id)));
  ids.forEach((id, i) => {
    if (records[i] !== undefined) byId.set(id, records[i]);
  });
  return byId;
}

/** What the import reads before deciding: the stored records of the bundle's ids, and the photos here. */
interface ImportReads {
  observations: Map<unknown, unknown>;
  photoKeys: readonly string[];
  shared: Map<unknown, Observation>;
}

async function readsFor(
  bundle: ImportBundle,
  get: { observations: ReadableStore<unknown>; photoKeys: () => Promise<string[]>; shared: ReadableStore<Observation> },
): Promise<ImportReads> {
  const [observations, photoKeys, shared] = await Promise.all([
    storedOf(get.observations, bundle.observations),
    get.photoKeys(),
    storedOf(get.shared, bundle.shared ?? []),
  ]);
  return { observations, photoKeys, shared };
}

/** One step of an import: the raw request it issued, or null when it only checked or decided a record. */
type Step = IDBRequest | null;

/**
 * Checks every record of `bundle` (throws a StoreError `store.invalid` at the first that fails the
 * schema) and decides every outcome into `out`, one step per record, so that runInSlices spreads
 * the work over slices. Of an id that comes more than once, the highest version is kept.
 */
function* classifying(bundle: ImportBundle, reads: ImportReads, out: Classified): Generator<Step> {
  const { plan } = out;
  const latest = new Map<string, Observation>();
  for (const obs of bundle.observations) {
    checkObservation(obs);
    const seen = latest.get(obs.id);
    if (seen) plan.duplicates += 1;
    if (!seen || seen.version < obs.version) latest.set(obs.id, obs);
    yield null;
  }
  const named = new Set<string>();
  for (const obs of latest.values()) {
    const outcome = classify(reads.observations.get(obs.id), obs);
    plan.totals[outcome] += 1;
    (plan.byKind[obs.kind] ??= noCounts())[outcome] += 1;
    if (outcome === 'new' || outcome === 'updated') {
      out.writes.push({ obs, outcome });
      if ((bundle.acked?.[obs.id] ?? 0) >= obs.version) plan.alreadySynced += 1;
    }
    for (const hash of obs.photos) named.add(hash);
    yield null;
  }

  // Photos: only those an imported observation names (others would be orphans), each once.
  const brought = new Map<string, PhotoRecord>();
  for (const photo of bundle.photos ?? []) {
    checkPhoto(photo);
    if (named.has(photo.hash)) brought.set(photo.hash, photo);
    yield null;
  }
  const here = new Set(reads.photoKeys);
  for (const hash of named) {
    if (here.has(hash)) {
      if (brought.has(hash)) plan.photos.present += 1;
    } else if (brought.has(hash)) {
      plan.photos.added += 1;
      out.photos.push(brought.get(hash) as PhotoRecord);
    } else {
      plan.photos.missing += 1;
    }
  }

  const latestShared = new Map<string, Observation>();
  for (const obs of bundle.shared ?? []) {
    checkObservation(obs);
    const seen = latestShared.get(obs.id);
    if (!seen || seen.version < obs.version) latestShared.set(obs.id, obs);
    yield null;
  }
  for (const obs of latestShared.values()) {
    const outcome = classifyShared(reads.shared.get(obs.id), obs);
    plan.shared[outcome] += 1;
    if (outcome === 'new' || outcome === 'updated') out.shared.push({ obs, remove: obs.deleted === true });
    yield null;
  }
}

const unclassified = (): Classified => ({
  plan: { totals: noCounts(), byKind: {}, duplicates: 0, photos: { added: 0, present: 0, missing: 0 }, shared: noCounts(), alreadySynced: 0 },
  writes: [],
  photos: [],
  shared: [],
});

/**
 * What importing `bundle` would do, without writing anything (the preview). Every record is checked,
 * in slices (the page stays responsive). Throws a StoreError (`store.invalid` for a record that
 * fails the schema).
 */
export async function planImport(db: ContrechampDb, bundle: ImportBundle): Promise<ImportPlan> {
  return inTransaction(db, ['observations', 'photos', 'shared'], 'readonly', 'planning an import', async (tx) => {
    const observations = tx.objectStore('observations');
    const reads = await readsFor(bundle, {
      observations,
      photoKeys: () => tx.objectStore('photos').getAllKeys(),
      shared: tx.objectStore('shared'),
    });
    const classified = unclassified();
    await runInSlices(unwrap(tx), classifying(bundle, reads, classified), () => 0, () => unwrap(observations).getKey(''));
    return classified.plan;
  });
}

/** The outbox and sync records after importing `obs` (a new or newer version). */
function queueing(
  obs: Observation,
  waiting: OutboxEntry | undefined,
  known: SyncRecord | undefined,
  bundleAck: number | undefined,
  now: Date,
): { entry: OutboxEntry | null; sync: SyncRecord | null } {
  const serverHas = Math.max(known?.ackedVersion ?? 0, bundleAck ?? 0);
  const newerAck = serverHas > (known?.ackedVersion ?? 0);
  const sync: SyncRecord | null = newerAck ? { ...known, id: obs.id, ackedVersion: serverHas } : null;
  if (serverHas >= obs.version) return { entry: null, sync };
  const base = Math.max(waiting?.baseVersion ?? 0, serverHas);
  const entry: OutboxEntry = waiting
    ? { ...waiting, version: obs.version, baseVersion: base > 0 ? base : null }
    : { id: obs.id, version: obs.version, baseVersion: base > 0 ? base : null, queuedAt: now.toISOString(), attempts: 0 };
  return { entry, sync };
}

/** Requests issued at a time: between two slices the page handles input and paints. */
const SLICE = 500;
/** Records checked or decided at a time, in a slice that issues no request. */
const CHECK_SLICE = 500;

/**
 * Runs `steps` (each checks or decides a record, or issues a raw request of `tx`) a slice at a
 * time, the next slice from the success of the one before the last issued, so the database always
 * has a slice to work on while the page is free between slices (input, paint) and the CPU work
 * overlaps IndexedDB's own. A slice that issued no request issues `wait()` (a read) to continue
 * from, so the transaction stays open throughout. Resolves when the last request has succeeded;
 * rejects when a step throws (an invalid record, a value that cannot be cloned) or the transaction
 * aborts. `onProgress` hears after each slice how many of the `total()` requests are done.
 */
function runInSlices(
  tx: IDBTransaction,
  steps: Iterator<Step>,
  total: () => number,
  wait: () => IDBRequest,
  onProgress?: (written: number, total: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.addEventListener('abort', () => reject(tx.error ?? new DOMException('AbortError', 'AbortError')));
    let written = 0;
    let finished = false;
    const issueSlice = () => {
      if (finished) return;
      let last: IDBRequest | null = null;
      let issued = 0;
      let checked = 0;
      try {
        while (issued < SLICE && checked < CHECK_SLICE) {
          const step = steps.next();
          if (step.done) {
            finished = true;
            break;
          }
          if (step.value) {
            last = step.value;
            issued += 1;
          } else checked += 1;
        }
        last ??= wait();
      } catch (error) {
        finished = true;
        reject(error);
        return;
      }
      written += issued;
      const reached = written;
      const final = finished;
      const request = last;
      request.addEventListener('error', () => reject(request.error));
      request.addEventListener('success', () => {
        if (issued > 0) onProgress?.(reached, total());
        if (final) resolve();
        else issueSlice();
      });
    };
    issueSlice();
    issueSlice();
  });
}

function checkObservation(obs: Observation): void {
  const damage = damageOf(obs);
  if (damage !== null) throw new StoreError('store.invalid', `imported observation ${recordKey(obs)} is not valid: ${damage}`);
}

/**
 * Imports `bundle` in one transaction and returns what was done (the plan as applied, which may
 * differ from the preview if another tab wrote in between). Importing the same bundle again
 * returns a plan with nothing new or updated and writes nothing. Every record is checked and the
 * writes issued in slices of that one transaction (the app stays responsive, and an invalid record
 * or a failure still leaves every store as it was); `onProgress` hears how many of the writes are
 * done after each slice. Throws a StoreError (`store.invalid` for a record that fails the schema).
 */
export async function applyImport(
  db: ContrechampDb,
  bundle: ImportBundle,
  now: Date = new Date(),
  onProgress?: (written: number, total: number) => void,
): Promise<ImportPlan> {
  const stores = ['observations', 'photos', 'outbox', 'sync', 'shared', 'mapPoints'] as ('observations' | 'photos' | 'outbox' | 'sync' | 'shared' | 'mapPoints')[];
  const applied = await inTransaction(db, stores, 'readwrite', 'importing observations', async (tx) => {
    const observations = tx.objectStore('observations');
    const photoStore = tx.objectStore('photos');
    const sharedStore = tx.objectStore('shared');
    const [reads, waiting, known] = await Promise.all([
      readsFor(bundle, { observations, photoKeys: () => photoStore.getAllKeys(), shared: sharedStore }),
      storedOf(tx.objectStore('outbox'), bundle.observations),
      storedOf(tx.objectStore('sync'), bundle.observations),
    ]);
    // Plain IndexedDB requests, not idb's promises: 200,000 promises cost a third of the write
    // time (measured in Chromium). A request that fails aborts the transaction, a step that throws
    // rejects; inTransaction turns either into a StoreError.
    const raw = {
      observations: unwrap(observations),
      outbox: unwrap(tx.objectStore('outbox')),
      sync: unwrap(tx.objectStore('sync')),
      shared: unwrap(sharedStore),
      photos: unwrap(photoStore),
      mapPoints: unwrap(tx.objectStore('mapPoints')),
    };
    const classified = unclassified();
    let total = 0;
    function* steps(): Generator<Step> {
      yield* classifying(bundle, reads, classified);
      const queued = [];
      for (const { obs } of classified.writes) {
        const q = { obs, waiting: waiting.get(obs.id), ...queueing(obs, waiting.get(obs.id), known.get(obs.id), bundle.acked?.[obs.id], now) };
        total += 2 + (q.entry || q.waiting ? 1 : 0) + (q.sync ? 1 : 0);
        queued.push(q);
        yield null;
      }
      total += classified.photos.length + classified.shared.length;
      for (const q of queued) {
        yield raw.observations.put(q.obs);
        const point = mapPointOf(q.obs);
        yield point ? raw.mapPoints.put(point) : raw.mapPoints.delete(q.obs.id);
        if (q.entry) yield raw.outbox.put(q.entry);
        else if (q.waiting) yield raw.outbox.delete(q.obs.id);
        if (q.sync) yield raw.sync.put(q.sync);
      }
      for (const photo of classified.photos) yield raw.photos.put(photo);
      for (const { obs, remove } of classified.shared) yield remove ? raw.shared.delete(obs.id) : raw.shared.put(obs);
    }
    await runInSlices(unwrap(tx), steps(), () => total, () => raw.observations.getKey(''), onProgress);
    return classified;
  });
  const changed: ('observations' | 'photos' | 'outbox' | 'sync' | 'shared')[] = [];
  if (applied.writes.length > 0) changed.push('observations', 'outbox', 'sync');
  if (applied.photos.length > 0) changed.push('photos');
  if (applied.shared.length > 0) changed.push('shared');
  if (changed.length > 0) postNotice({ stores: changed, ids: applied.writes.map((w) => w.obs.id) });
  return applied.plan;
}
