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

/** The highest version of each id, in first-seen order. */
function latestById(list: readonly Observation[]): { items: Observation[]; duplicates: number } {
  const byId = new Map<string, Observation>();
  let duplicates = 0;
  for (const obs of list) {
    const seen = byId.get(obs.id);
    if (seen) duplicates += 1;
    if (!seen || seen.version < obs.version) byId.set(obs.id, obs);
  }
  return { items: [...byId.values()], duplicates };
}

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

/** Past this many ids, one getAll() of the store beats a get() per id (100,000 gets take seconds). */
const BULK_READ = 500;

interface ReadableStore<V> {
  get(id: string): Promise<V | undefined>;
  getAll(): Promise<V[]>;
}

/** The stored record of each id (undefined where none), by single gets or one bulk read. */
async function recordsOf<V>(store: ReadableStore<V>, ids: readonly string[]): Promise<(V | undefined)[]> {
  // An id that is no key (a record the schema check refuses later) has nothing stored.
  if (ids.length <= BULK_READ) return Promise.all(ids.map((id) => (typeof id === 'string' ? store.get(id) : undefined)));
  const byId = new Map<unknown, V>();
  for (const record of await store.getAll()) byId.set((record as { id?: unknown }).id, record);
  return ids.map((id) => byId.get(id));
}

/** Reads what the import needs from stores of one transaction and decides every outcome. */
async function classifyAll(
  bundle: ImportBundle,
  get: { observations: ReadableStore<unknown>; photoKeys: () => Promise<string[]>; shared: ReadableStore<Observation> },
): Promise<Classified> {
  const { items, duplicates } = latestById(bundle.observations);
  const sharedItems = latestById(bundle.shared ?? []).items;
  const [stored, photoKeys, storedShared] = await Promise.all([
    recordsOf(get.observations, items.map((o) => o.id)),
    get.photoKeys(),
    recordsOf(get.shared, sharedItems.map((o) => o.id)),
  ]);
  const plan: ImportPlan = {
    totals: noCounts(),
    byKind: {},
    duplicates,
    photos: { added: 0, present: 0, missing: 0 },
    shared: noCounts(),
    alreadySynced: 0,
  };
  const writes: Classified['writes'] = [];
  items.forEach((obs, i) => {
    const outcome = classify(stored[i], obs);
    plan.totals[outcome] += 1;
    const perKind = (plan.byKind[obs.kind] ??= noCounts());
    perKind[outcome] += 1;
    if (outcome === 'new' || outcome === 'updated') {
      writes.push({ obs, outcome });
      if ((bundle.acked?.[obs.id] ?? 0) >= obs.version) plan.alreadySynced += 1;
    }
  });

  // Photos: only those an imported observation names (others would be orphans), each once.
  const here = new Set(photoKeys);
  const named = new Set(items.flatMap((o) => o.photos));
  const brought = new Map<string, PhotoRecord>();
  for (const photo of bundle.photos ?? []) if (named.has(photo.hash)) brought.set(photo.hash, photo);
  const photos: PhotoRecord[] = [];
  for (const hash of named) {
    if (here.has(hash)) {
      if (brought.has(hash)) plan.photos.present += 1;
    } else if (brought.has(hash)) {
      plan.photos.added += 1;
      photos.push(brought.get(hash) as PhotoRecord);
    } else {
      plan.photos.missing += 1;
    }
  }

  const shared: Classified['shared'] = [];
  sharedItems.forEach((obs, i) => {
    const outcome = classifyShared(storedShared[i], obs);
    plan.shared[outcome] += 1;
    if (outcome === 'new' || outcome === 'updated') shared.push({ obs, remove: obs.deleted === true });
  });
  return { plan, writes, photos, shared };
}

/**
 * What importing `bundle` would do, without writing anything (the preview). Every record is checked,
 * in slices (the page stays responsive). Throws a StoreError (`store.invalid` for a record that
 * fails the schema).
 */
export async function planImport(db: ContrechampDb, bundle: ImportBundle): Promise<ImportPlan> {
  return inTransaction(db, ['observations', 'photos', 'shared'], 'readonly', 'planning an import', async (tx) => {
    const observations = tx.objectStore('observations');
    const { plan } = await classifyAll(bundle, {
      observations,
      photoKeys: () => tx.objectStore('photos').getAllKeys(),
      shared: tx.objectStore('shared'),
    });
    await runInSlices(unwrap(tx), importSteps(bundle), 0, () => unwrap(observations).getKey(''));
    return plan;
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

/** Requests issued at a time (or records checked, where a slice issues none): between two slices the page handles input and paints. */
const SLICE = 2_000;

/** One step of an import's write: the raw request it issued, or null when it only checked a record. */
type Step = IDBRequest | null;

/**
 * Runs `steps` (each checks a record and issues the raw requests of `tx` it needs) a slice at a
 * time, the next slice from the success of the one before the last issued, so the database always
 * has a slice to work on while the page is free between slices and the checking overlaps
 * IndexedDB's own work. A slice that issued no request issues `wait()` (a read) to continue from,
 * so the transaction stays open throughout. Resolves when the last request has succeeded; rejects
 * when a step throws (an invalid record, a value that cannot be cloned) or the transaction aborts.
 * `onProgress` hears after each slice how many of the `total` requests are done.
 */
function runInSlices(
  tx: IDBTransaction,
  steps: Iterator<Step>,
  total: number,
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
        while (issued < SLICE && checked < SLICE) {
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
        if (issued > 0) onProgress?.(reached, total);
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

/** The raw requests applyImport issues for a record of the bundle it has just checked (none: nothing to write). */
interface ImportWriter {
  observation(obs: Observation): IDBRequest[];
  photos(): IDBRequest[];
  shared(obs: Observation): IDBRequest[];
}

/**
 * Checks every record of `bundle` in order (throws a StoreError `store.invalid` at the first that
 * fails) and issues what `writer` writes for it: one step per request, null for a record only checked.
 */
function* importSteps(bundle: ImportBundle, writer?: ImportWriter): Generator<Step> {
  const each = function* (requests: IDBRequest[] | undefined): Generator<Step> {
    if (!requests?.length) yield null;
    else yield* requests;
  };
  for (const obs of bundle.observations) {
    checkObservation(obs);
    yield* each(writer?.observation(obs));
  }
  for (const photo of bundle.photos ?? []) {
    checkPhoto(photo);
    yield null;
  }
  if (writer) yield* writer.photos();
  for (const obs of bundle.shared ?? []) {
    checkObservation(obs);
    yield* each(writer?.shared(obs));
  }
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
  const stores = ['observations', 'photos', 'outbox', 'sync', 'shared'] as ('observations' | 'photos' | 'outbox' | 'sync' | 'shared')[];
  const applied = await inTransaction(db, stores, 'readwrite', 'importing observations', async (tx) => {
    const observations = tx.objectStore('observations');
    const outbox = tx.objectStore('outbox');
    const sync = tx.objectStore('sync');
    const sharedStore = tx.objectStore('shared');
    const photoStore = tx.objectStore('photos');
    // Classified before the records are checked (a damaged one throws below, before the commit):
    // deciding outcomes is cheap, the schema check of every record is what must not stall the page.
    const classified = await classifyAll(bundle, {
      observations,
      photoKeys: () => photoStore.getAllKeys(),
      shared: sharedStore,
    });
    const ids = classified.writes.map((w) => w.obs.id);
    const [waiting, known] = await Promise.all([recordsOf(outbox, ids), recordsOf(sync, ids)]);
    const queued = classified.writes.map(({ obs }, i) => ({ obs, waiting: waiting[i], ...queueing(obs, waiting[i], known[i], bundle.acked?.[obs.id], now) }));
    const total =
      queued.reduce((n, q) => n + 1 + (q.entry || q.waiting ? 1 : 0) + (q.sync ? 1 : 0), 0) + classified.photos.length + classified.shared.length;

    // Plain IndexedDB requests, not idb's promises: 200,000 promises cost a third of the write
    // time (measured in Chromium). A request that fails aborts the transaction, a step that throws
    // rejects; inTransaction turns either into a StoreError.
    const raw = { observations: unwrap(observations), outbox: unwrap(outbox), sync: unwrap(sync), shared: unwrap(sharedStore), photos: unwrap(photoStore) };
    const toWrite = new Map(queued.map((q) => [q.obs, q]));
    const sharedToWrite = new Map(classified.shared.map((s) => [s.obs, s]));
    const writer: ImportWriter = {
      observation: (obs) => {
        const q = toWrite.get(obs);
        if (!q) return [];
        // Once only, should the file hold this very record twice.
        toWrite.delete(obs);
        const requests: IDBRequest[] = [raw.observations.put(obs)];
        if (q.entry) requests.push(raw.outbox.put(q.entry));
        else if (q.waiting) requests.push(raw.outbox.delete(obs.id));
        if (q.sync) requests.push(raw.sync.put(q.sync));
        return requests;
      },
      photos: () => classified.photos.map((photo) => raw.photos.put(photo)),
      shared: (obs) => {
        const s = sharedToWrite.get(obs);
        sharedToWrite.delete(obs);
        return s ? [s.remove ? raw.shared.delete(obs.id) : raw.shared.put(obs)] : [];
      },
    };
    await runInSlices(unwrap(tx), importSteps(bundle, writer), total, () => raw.observations.getKey(''), onProgress);
    return classified;
  });
  const changed: ('observations' | 'photos' | 'outbox' | 'sync' | 'shared')[] = [];
  if (applied.writes.length > 0) changed.push('observations', 'outbox', 'sync');
  if (applied.photos.length > 0) changed.push('photos');
  if (applied.shared.length > 0) changed.push('shared');
  if (changed.length > 0) postNotice({ stores: changed, ids: applied.writes.map((w) => w.obs.id) });
  return applied.plan;
}
