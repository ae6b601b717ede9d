/**
 * Every migration from every older version. The old shapes are frozen here, written with raw idb as
 * the released versions wrote them, so a later edit of db.ts cannot quietly change what is tested.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/core/observation.ts';
import { DB_VERSION, openDb, type ContrechampDb } from '../../../src/store/db.ts';
import { loadDraft } from '../../../src/store/drafts.ts';
import { getObservation, listObservations, saveObservation } from '../../../src/store/observations.ts';
import { listOutbox, syncStateOf, syncTally } from '../../../src/store/outbox.ts';
import { getPhoto } from '../../../src/store/photos.ts';
import { applyPulledPage, listPublication, listShared, putShared } from '../../../src/store/shared.ts';
import { getMeta, setMeta } from '../../../src/store/meta.ts';
import { listMapPoints } from '../../../src/store/map-points.ts';
import { at, makeObservation, makePhoto } from './fixtures.ts';

const NAME = 'contrechamp';

/** The schema as each released version left it: stores → index names. */
const V3 = {
  observations: ['kind', 'observedAt'],
  photos: [],
  outbox: ['queuedAt'],
  drafts: [],
  shared: ['observedAt'],
  meta: [],
  sync: [],
};
const V4 = { ...V3, publication: [], actions: ['queuedAt'] };
const SHAPES: Record<number, Record<string, string[]>> = {
  1: { observations: [], photos: [], outbox: [] },
  2: { observations: ['kind', 'observedAt'], photos: [], outbox: ['queuedAt'], drafts: [] },
  3: V3,
  4: V4,
  // v5 (public ids) and v6 (lists of directions) changed data, not the shape.
  5: V4,
  6: V4,
  7: { ...V4, mapPoints: [] },
  8: { ...V4, outbox: ['lastError', 'queuedAt'], sync: ['conflictAt'], mapPoints: [] },
};

/** The frozen upgrade steps of the released versions (v1 to v7), without any later step. */
function oldUpgrade(db: IDBPDatabase, oldVersion: number, tx: IDBPTransaction<unknown, string[], 'versionchange'>): void {
  if (oldVersion < 1) {
    db.createObjectStore('observations', { keyPath: 'id' });
    db.createObjectStore('photos', { keyPath: 'hash' });
    db.createObjectStore('outbox', { keyPath: 'id' });
  }
  if (oldVersion < 2 && db.version >= 2) {
    tx.objectStore('observations').createIndex('observedAt', 'observedAt');
    tx.objectStore('observations').createIndex('kind', 'kind');
    tx.objectStore('outbox').createIndex('queuedAt', 'queuedAt');
    db.createObjectStore('drafts', { keyPath: 'key' });
  }
  if (oldVersion < 3 && db.version >= 3) {
    db.createObjectStore('shared', { keyPath: 'id' }).createIndex('observedAt', 'observedAt');
    db.createObjectStore('meta');
    db.createObjectStore('sync', { keyPath: 'id' });
  }
  if (oldVersion < 4 && db.version >= 4) {
    db.createObjectStore('publication', { keyPath: 'id' });
    db.createObjectStore('actions', { keyPath: 'key', autoIncrement: true }).createIndex('queuedAt', 'queuedAt');
    if (oldVersion >= 3) tx.objectStore('meta').delete('syncCursor');
  }
  // v5 and v6 changed data, written here as those versions wrote it (createAt).
  if (oldVersion < 7 && db.version >= 7) db.createObjectStore('mapPoints', { keyPath: 'id' });
}

const older = makeObservation({ notes: 'older', observedAt: at(1).toISOString() }, at(1));
const newer = makeObservation({ notes: 'newer', observedAt: at(2).toISOString(), details: {} }, at(2));
const photo = makePhoto(7);
const sharedOne = makeObservation({ notes: 'someone else’s' }, at(1));
/** Before v6 a direction was one integer bearing. */
const released = (o: Observation) => ({ ...o, details: { ...o.details, ...(o.details.direction ? { direction: o.details.direction[0]!.bearing } : {}) } });
/** The record as `version` wrote it. */
const writtenBy = (version: number, o: Observation) => (version >= 6 ? o : released(o));
const conflictMine = { ...older, version: 2, notes: 'mine' };
const entry = (id: string) => ({ id, version: 1, baseVersion: null, queuedAt: at(1).toISOString(), attempts: 0 });
/** From v3, a change the server refused (the sync writes its reason after this prefix). */
const refusedEntry = { ...entry(newer.id), attempts: 1, lastError: 'invalid: position.lat: too big' };
const pointOf = (o: Observation) => ({ id: o.id, kind: o.kind, lon: o.position.lon, lat: o.position.lat, ...(o.details.direction ? { direction: o.details.direction } : {}) });

/** Creates the database at `version` with the old shape and data, then closes it. */
async function createAt(version: number): Promise<void> {
  const released = (o: Observation) => writtenBy(version, o);
  const db = await openDB(NAME, version, { upgrade: (d, oldV, _n, tx) => oldUpgrade(d, oldV, tx) });
  const stores = ['observations', 'photos', 'outbox', ...(version >= 2 ? ['drafts'] : [])];
  const tx = db.transaction(stores, 'readwrite');
  await Promise.all([
    tx.objectStore('observations').put({ ...released(older), photos: [photo.hash] }),
    tx.objectStore('observations').put(released(newer)),
    tx.objectStore('photos').put(photo),
    tx.objectStore('outbox').put(entry(older.id)),
    tx.objectStore('outbox').put(version >= 3 ? refusedEntry : entry(newer.id)),
    ...(version >= 2
      ? [
          tx.objectStore('drafts').put({ key: 'form', draft: { kind: 'drone', notes: 'half' }, savedAt: at(3).toISOString() }),
          tx.objectStore('drafts').put({ key: 'camera', draft: { kind: 'camera', details: { direction: version >= 6 ? [{ bearing: 45 }] : 45 } }, savedAt: at(3).toISOString() }),
        ]
      : []),
  ]);
  if (version >= 3) {
    const tx3 = db.transaction(['shared', 'meta', 'sync'], 'readwrite');
    await Promise.all([
      tx3.objectStore('shared').put(released(sharedOne)),
      tx3.objectStore('meta').put('42', 'syncCursor'),
      tx3.objectStore('meta').put('https://example.invalid', 'serverUrl'),
      tx3.objectStore('sync').put({ id: older.id, ackedVersion: 1, conflict: { mine: released(conflictMine), serverVersion: 2, at: at(4).toISOString() } }),
    ]);
    await tx3.done;
  }
  if (version >= 4) {
    const tx4 = db.transaction(['publication'], 'readwrite');
    await Promise.all([
      tx4.objectStore('publication').put({ id: older.id, state: 'rejected', reason: 'spam' }),
      tx4.objectStore('publication').put({ id: sharedOne.id, state: 'published' }),
    ]);
    await tx4.done;
  }
  if (version >= 7) {
    const tx7 = db.transaction(['mapPoints'], 'readwrite');
    await Promise.all([tx7.objectStore('mapPoints').put(pointOf(older)), tx7.objectStore('mapPoints').put(pointOf(newer))]);
    await tx7.done;
  }
  await tx.done;
  db.close();
}

function shapeOf(db: ContrechampDb): Record<string, string[]> {
  const tx = db.transaction([...db.objectStoreNames], 'readonly');
  const shape = Object.fromEntries(
    [...db.objectStoreNames].map((name) => [name, [...tx.objectStore(name).indexNames].sort()]),
  );
  return shape;
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('migrations', () => {
  it('the frozen shapes end at the current version', () => {
    expect(Math.max(...Object.keys(SHAPES).map(Number))).toBe(DB_VERSION);
  });

  it('a new device gets the current shape (from nothing to the current version)', async () => {
    const db = await openDb(NAME);
    expect(db.version).toBe(DB_VERSION);
    expect(shapeOf(db)).toEqual(SHAPES[DB_VERSION]);
    db.close();
  });

  for (const from of [1, 2, 3, 4, 5, 6, 7]) {
    describe(`from v${from}`, () => {
      it('the old database really has the old shape', async () => {
        await createAt(from);
        const raw = await openDB(NAME);
        expect(raw.version).toBe(from);
        expect(shapeOf(raw as unknown as ContrechampDb)).toEqual(SHAPES[from]);
        raw.close();
      });

      it(`climbs to v${DB_VERSION} with every store and index, and all data kept`, async () => {
        await createAt(from);
        const db = await openDb(NAME);
        expect(db.version).toBe(DB_VERSION);
        expect(shapeOf(db)).toEqual(SHAPES[DB_VERSION]);

        // Data written by the old version is all there, and the new indexes cover it.
        const { observations, damaged } = await listObservations(db);
        expect(damaged).toEqual([]);
        expect(observations.map((o) => o.notes)).toEqual(['newer', 'older']);
        expect(await getObservation(db, older.id)).toEqual({ ...older, photos: [photo.hash] });
        expect(new Uint8Array((await getPhoto(db, photo.hash))!.data)).toEqual(new Uint8Array(photo.data));
        expect((await listOutbox(db)).map((e) => e.id).sort()).toEqual([older.id, newer.id].sort());
        expect(await db.countFromIndex('observations', 'kind', 'camera')).toBe(2);
        if (from >= 2) {
          expect(await loadDraft(db)).toEqual({ kind: 'drone', notes: 'half' });
          expect(await loadDraft(db, 'camera')).toEqual({ kind: 'camera', details: { direction: [{ bearing: 45 }] } });
        } else {
          expect(await loadDraft(db)).toBeUndefined();
        }
        // v6: the stored records themselves hold lists of directions, not only what the schema reads.
        expect((await db.get('observations', older.id))?.details.direction).toEqual([{ bearing: 90 }]);
        expect((await db.get('observations', newer.id))?.details).toEqual({});

        if (from >= 5) {
          // Others' devices pulled under public ids stay, their directions made lists, and so does the cursor.
          expect((await listShared(db)).observations).toEqual([sharedOne]);
          expect((await db.get('shared', sharedOne.id))?.details.direction).toEqual([{ bearing: 90 }]);
          expect(await getMeta(db, 'syncCursor')).toBe('42');
        }
        if (from >= 3) {
          expect((await db.get('sync', older.id))?.conflict?.mine).toEqual(conflictMine);
          expect(await syncStateOf(db, older.id)).toBe('conflict');
        }
        if (from === 3 || from === 4) {
          // v5: the shared map held others' devices under their authors' ids (which tell the time
          // they were made): it goes, with the cursor, so the next pull brings them under public ids.
          expect((await listShared(db)).observations).toEqual([]);
          expect(await getMeta(db, 'syncCursor')).toBeUndefined();
          expect(await getMeta(db, 'serverUrl')).toBe('https://example.invalid');
          expect(await syncStateOf(db, older.id)).not.toBe('local');
        } else if (from < 3) {
          // Nothing was synced before v3: the server never saw these.
          expect(await syncStateOf(db, older.id)).toBe('local');
        }
        // v7: a map point for each of my observations, made from the records as v6 left them.
        expect(await listMapPoints(db)).toEqual([older, newer].map(pointOf).sort((a, b) => (a.id < b.id ? -1 : 1)));
        expect((await db.get('mapPoints', older.id))?.direction).toEqual([{ bearing: 90 }]);
        // v8: the badge's indexes cover what was stored before them.
        expect(await syncTally(db, 'invalid: ')).toEqual(
          from >= 3 ? { waiting: 2, failedWith: [refusedEntry], conflicts: 1 } : { waiting: 2, failedWith: [], conflicts: 0 },
        );
        // Only my own states stay (they come again with the next pull all the same).
        const publication = await listPublication(db);
        expect([...publication.keys()].sort()).toEqual(from >= 5 ? [older.id, sharedOne.id].sort() : from === 4 ? [older.id] : []);
        db.close();
      });

      it('the migrated database works: new stores take writes, old entries coalesce', async () => {
        await createAt(from);
        const db = await openDb(NAME);
        await setMeta(db, 'serverUrl', 'https://example.invalid');
        expect(await getMeta(db, 'serverUrl')).toBe('https://example.invalid');
        const before = (await listShared(db)).observations.length;
        await putShared(db, [makeObservation({ notes: 'shared' })]);
        expect((await listShared(db)).observations).toHaveLength(before + 1);
        await applyPulledPage(db, { observations: [], publication: [{ id: older.id, state: 'rejected', reason: 'spam' }], next: '7' });
        expect((await listPublication(db)).get(older.id)).toEqual({ id: older.id, state: 'rejected', reason: 'spam' });
        await saveObservation(db, { ...newer, notes: 'edited', version: 2, updatedAt: at(5).toISOString() });
        expect((await listOutbox(db)).find((e) => e.id === newer.id)).toMatchObject({ version: 2, baseVersion: null });
        db.close();
      });
    });
  }

  it('opening twice at the current version changes nothing', async () => {
    let db = await openDb(NAME);
    await saveObservation(db, older);
    db.close();
    db = await openDb(NAME);
    expect(await getObservation(db, older.id)).toEqual(older);
    db.close();
  });
});
