/**
 * The collective's map as last pulled from the server (store `shared`, key `id`, index
 * `observedAt`), kept for offline use and shown apart from my own observations, and what the server
 * says of each (store `publication`: my observations' states, the public history of the others).
 * Tombstones and `dropped` ids (devices that left the public set) remove a record; a page of
 * changes, their publication and the cursor that follows are written in one transaction, so a
 * pull interrupted halfway resumes from the last page fully stored.
 */
import type { Observation } from '../core/observation.ts';
import { publicationSchema, type Publication } from '../core/publication.ts';
import type { Drop } from '../core/wire.ts';
import { postNotice } from './notices.ts';
import { inTransaction, runAll, type ContrechampDb } from './db.ts';
import { allRecords } from './paged-reads.ts';
import { readRecord, setAsideDamaged, type DamagedRecord } from './stored-records.ts';

export interface PulledPage {
  /** Changes in server order, tombstones included. */
  observations: readonly unknown[];
  /** What the server says of each change (any order; unreadable entries are skipped). */
  publication?: readonly unknown[];
  /** Ids that left the public set: dropped from the shared copy. */
  dropped?: readonly Drop[];
  /** The server's "still there?" interval, when it sent one. */
  recheckDays?: number;
  /** The cursor to pull from next time; null keeps the current one. */
  next: string | null;
}

export interface PageResult {
  stored: number;
  removed: number;
  /** Items that failed the schema (index in the page and reason); they are not stored. */
  invalid: { index: number; reason: string }[];
}

/** Stores one pulled page and its cursor atomically. An older version never replaces a newer one. */
export async function applyPulledPage(db: ContrechampDb, page: PulledPage): Promise<PageResult> {
  const result: PageResult = { stored: 0, removed: 0, invalid: [] };
  const valid: Observation[] = [];
  page.observations.forEach((item, index) => {
    const read = readRecord(item);
    if (read.observation) valid.push(read.observation);
    else result.invalid.push({ index, reason: read.reason });
  });
  const publication: Publication[] = [];
  for (const item of page.publication ?? []) {
    const parsed = publicationSchema.safeParse(item);
    if (parsed.success) publication.push(parsed.data);
  }
  await inTransaction(db, ['shared', 'publication', 'meta'], 'readwrite', 'storing pulled observations', async (tx) => {
    const shared = tx.objectStore('shared');
    // Later items of the page win over earlier ones (server order), so dedupe by id first.
    const latest = new Map<string, Observation>();
    for (const obs of valid) {
      const seen = latest.get(obs.id);
      if (!seen || seen.version <= obs.version) latest.set(obs.id, obs);
    }
    const items = [...latest.values()];
    const existing = await Promise.all(items.map((o) => shared.get(o.id)));
    const writes: (() => Promise<unknown>)[] = [];
    items.forEach((obs, i) => {
      const have = existing[i];
      if (have && have.version > obs.version) return;
      if (obs.deleted) {
        if (have) result.removed++;
        writes.push(() => shared.delete(obs.id));
      } else {
        result.stored++;
        writes.push(() => shared.put(obs));
      }
    });
    const states = tx.objectStore('publication');
    for (const p of publication) writes.push(() => states.put(p));
    for (const { id } of page.dropped ?? []) {
      if (latest.has(id)) continue;
      result.removed++;
      writes.push(() => shared.delete(id), () => states.delete(id));
    }
    const next = page.next;
    if (next !== null) writes.push(() => tx.objectStore('meta').put(next, 'syncCursor'));
    const recheckDays = page.recheckDays;
    if (recheckDays !== undefined) writes.push(() => tx.objectStore('meta').put(recheckDays, 'recheckDays'));
    await runAll(writes);
  });
  postNotice({ stores: ['shared', 'publication', 'meta'] });
  return result;
}

/** Puts many observations in the shared copy (no cursor): tests, imports of a shared snapshot. */
export async function putShared(db: ContrechampDb, observations: readonly Observation[]): Promise<PageResult> {
  return applyPulledPage(db, { observations, next: null });
}

/** The shared map, newest first, with any records that fail the schema. */
export async function listShared(db: ContrechampDb): Promise<{ observations: Observation[]; damaged: DamagedRecord[] }> {
  const records: unknown[] = await db.getAllFromIndex('shared', 'observedAt');
  return setAsideDamaged(records.reverse());
}

/**
 * What others published, for an export of the shared map: the shared copy without my own
 * observations (the server sends me mine whole, with their times; they are in my own export).
 */
export async function listOthersShared(db: ContrechampDb): Promise<Observation[]> {
  const [{ observations }, mine] = await Promise.all([listShared(db), db.getAllKeys('observations')]);
  const own = new Set<string>(mine);
  return observations.filter((o) => !own.has(o.id));
}

export async function sharedCount(db: ContrechampDb): Promise<number> {
  return db.count('shared');
}

/** Empties the shared copy and forgets the cursor, so the next pull starts from the beginning. */
export async function clearShared(db: ContrechampDb): Promise<void> {
  await inTransaction(db, ['shared', 'publication', 'meta'], 'readwrite', 'clearing the shared map', async (tx) => {
    await runAll([() => tx.objectStore('shared').clear(), () => tx.objectStore('publication').clear(), () => tx.objectStore('meta').delete('syncCursor')]);
  });
  postNotice({ stores: ['shared', 'publication', 'meta'] });
}

/** What the server says of one observation (mine by my id, others' by their public id). */
export async function getPublication(db: ContrechampDb, id: string): Promise<Publication | undefined> {
  return db.get('publication', id);
}

/** The day the collective last confirmed each device this phone knows, by id (`YYYY-MM-DD`). */
export async function lastConfirmedDays(db: ContrechampDb): Promise<Map<string, string>> {
  const all = await db.getAll('publication');
  return new Map(all.flatMap((p) => (p.lastConfirmed ? [[p.id, p.lastConfirmed] as const] : [])));
}

/**
 * What the server says of each observation I or the shared map hold, by id (read in pages:
 * paged-reads.ts; once `signal` is aborted no further page is read).
 */
export async function listPublication(db: ContrechampDb, signal?: AbortSignal): Promise<Map<string, Publication>> {
  const all = (await allRecords(db, 'publication', { signal })) as Publication[];
  return new Map(all.map((p) => [p.id, p]));
}
