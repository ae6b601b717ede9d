import { IDBIndex } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { reviseObservation } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { saveDraft, loadDraft } from '../../../src/store/drafts.ts';
import { readNewestRecords } from '../../../src/store/newest-records.ts';
import {
  deleteObservation,
  discardDamaged,
  getObservation,
  listObservations,
  listRecentObservations,
  restoreObservation,
  saveObservation,
} from '../../../src/store/observations.ts';
import { listOutbox, pendingCount } from '../../../src/store/outbox.ts';
import { getPhoto } from '../../../src/store/photos.ts';
import { at, makeObservation, makePhoto, rejection, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

describe('observations CRUD', () => {
  it('saves and reads back an observation with its photo and its outbox entry', async () => {
    const photo = makePhoto(1);
    const obs = makeObservation({ notes: 'above the bakery', photos: [photo.hash] });
    await saveObservation(db(), obs, [photo]);

    expect(await getObservation(db(), obs.id)).toEqual(obs);
    const stored = await getPhoto(db(), photo.hash);
    expect(stored?.type).toBe('image/jpeg');
    expect(new Uint8Array(stored!.data)).toEqual(new Uint8Array(photo.data));
    expect(await listOutbox(db())).toEqual([
      { id: obs.id, version: 1, baseVersion: null, queuedAt: expect.any(String), attempts: 0 },
    ]);
  });

  it('returns undefined for an unknown id', async () => {
    expect(await getObservation(db(), '0190f6a4-0000-7000-8000-000000000000')).toBeUndefined();
  });

  it('stores an edit as the new version', async () => {
    const obs = makeObservation();
    await saveObservation(db(), obs);
    const edited = reviseObservation(obs, { notes: 'moved' }, at(5));
    await saveObservation(db(), edited);
    expect(await getObservation(db(), obs.id)).toMatchObject({ version: 2, notes: 'moved' });
  });

  it('refuses a version that is not newer than the stored one (store.stale) and keeps the stored one', async () => {
    const obs = makeObservation();
    const v2 = reviseObservation(obs, { notes: 'first tab' }, at(1));
    await saveObservation(db(), obs);
    await saveObservation(db(), v2);
    const other = reviseObservation(obs, { notes: 'second tab' }, at(2));
    expect((await rejection(saveObservation(db(), other))).key).toBe('store.stale');
    expect((await getObservation(db(), obs.id))?.notes).toBe('first tab');
  });

  it('a second save of the same new observation (a double tap) is refused and leaves its outbox entry as queued', async () => {
    const obs = makeObservation();
    await saveObservation(db(), obs, [], { now: at(0) });
    expect((await rejection(saveObservation(db(), obs, [], { now: at(5) }))).key).toBe('store.stale');
    expect(await listOutbox(db())).toEqual([{ id: obs.id, version: 1, baseVersion: null, queuedAt: at(0).toISOString(), attempts: 0 }]);
  });

  it('refuses an invalid observation with store.invalid before writing anything', async () => {
    const bad = { ...makeObservation(), position: { lon: 400, lat: 0, accuracy: null, source: 'gps' } } as Observation;
    expect((await rejection(saveObservation(db(), bad))).key).toBe('store.invalid');
    expect(await pendingCount(db())).toBe(0);
  });

  it('refuses a photo kept as a Blob (Safari loses them) with store.invalid', async () => {
    const photo = { ...makePhoto(2), data: new Blob(['x']) as unknown as ArrayBuffer };
    const obs = makeObservation({ photos: [photo.hash] });
    expect((await rejection(saveObservation(db(), obs, [photo]))).key).toBe('store.invalid');
    expect(await getObservation(db(), obs.id)).toBeUndefined();
  });

  it('lists newest first by observedAt, tombstones left out', async () => {
    const a = makeObservation({ observedAt: at(1).toISOString() });
    const b = makeObservation({ observedAt: at(3).toISOString() });
    const c = makeObservation({ observedAt: at(2).toISOString() });
    for (const o of [a, b, c]) await saveObservation(db(), o);
    await deleteObservation(db(), c.id, at(10));

    const { observations, damaged } = await listObservations(db());
    expect(observations.map((o) => o.id)).toEqual([b.id, a.id]);
    expect(damaged).toEqual([]);
  });

  it('listRecentObservations gives the newest few, tombstones left out', async () => {
    const list = [1, 2, 3, 4].map((m) => makeObservation({ observedAt: at(m).toISOString() }));
    for (const o of list) await saveObservation(db(), o);
    await deleteObservation(db(), list[3]!.id, at(10));
    const { observations } = await listRecentObservations(db(), 2);
    expect(observations.map((o) => o.id)).toEqual([list[2]!.id, list[1]!.id]);
  });

  it('listRecentObservations reads further back while tombstones fill the newest span, in the full list\'s order', async () => {
    const list = [1, 2, 3, 4, 5, 6, 7, 8].map((m) => makeObservation({ observedAt: at(m).toISOString() }));
    const tie = makeObservation({ observedAt: at(2).toISOString() });
    for (const o of [...list, tie]) await saveObservation(db(), o);
    for (const o of list.slice(3)) await deleteObservation(db(), o.id, at(20));
    const { observations } = await listRecentObservations(db(), 3);
    const all = (await listObservations(db())).observations;
    expect(observations.map((o) => o.id)).toEqual(all.slice(0, 3).map((o) => o.id));
    expect(observations).toHaveLength(3);
    expect(new Set(observations.map((o) => o.id))).toEqual(new Set([list[2]!.id, list[1]!.id, tie.id]));
    expect((await listRecentObservations(db(), 10)).observations.map((o) => o.id)).toEqual(all.map((o) => o.id));
  });

  it('listRecentObservations gives the same rows whether the index reads backwards in one request or not (older browsers)', async () => {
    const list = [1, 2, 3, 4, 5, 6].map((m) => makeObservation({ observedAt: at(m).toISOString() }));
    const ties = [makeObservation({ observedAt: at(5).toISOString() }), makeObservation({ observedAt: at(5).toISOString() })];
    for (const o of [...list, ...ties]) await saveObservation(db(), o);
    await deleteObservation(db(), list[5]!.id, at(20));
    const backward = (await listRecentObservations(db(), 4)).observations.map((o) => o.id);
    const proto = IDBIndex.prototype as unknown as { getAllRecords?: unknown };
    const getAllRecords = proto.getAllRecords;
    expect(getAllRecords).toBeDefined();
    delete proto.getAllRecords;
    try {
      expect((await listRecentObservations(db(), 4)).observations.map((o) => o.id)).toEqual(backward);
    } finally {
      proto.getAllRecords = getAllRecords;
    }
    expect(backward).toEqual((await listObservations(db())).observations.slice(0, 4).map((o) => o.id));
    expect(backward).toHaveLength(4);
  });

  it('listRecentObservations checks the raw read started for its first span (readNewestRecords, as the first script starts it) instead of reading it again', async () => {
    const list = [1, 2, 3, 4, 5].map((m) => makeObservation({ observedAt: at(m).toISOString() }));
    for (const o of list) await saveObservation(db(), o);
    const damagedRecord = { id: 'not-an-observation', observedAt: at(9).toISOString() };
    await db().put('observations', damagedRecord as unknown as Observation);
    const started = readNewestRecords(db(), 2);
    const requests = vi.spyOn(db(), 'transaction');
    try {
      // The started span holds the damaged record and one observation: one more read, of twice the span.
      const { observations, damaged } = await listRecentObservations(db(), 2, started);
      expect(observations.map((o) => o.id)).toEqual([list[4]!.id, list[3]!.id]);
      expect(damaged.map((d) => d.key)).toEqual(['not-an-observation']);
      expect(requests).toHaveBeenCalledTimes(1);
    } finally {
      requests.mockRestore();
    }
  });

  it('orders observedAt stamps with different offsets by time, not by string', async () => {
    // 10:30+02:00 is 08:30Z: earlier than 09:00Z although it sorts later as a string.
    const early = makeObservation({ observedAt: '2026-11-28T10:30:00+02:00' });
    const late = makeObservation({ observedAt: '2026-11-28T09:00:00.000Z' });
    await saveObservation(db(), early);
    await saveObservation(db(), late);
    const { observations } = await listObservations(db());
    expect(observations.map((o) => o.id)).toEqual([late.id, early.id]);
  });

  it('clears the form draft in the same transaction when asked', async () => {
    await saveDraft(db(), { kind: 'camera', notes: 'half' });
    await saveObservation(db(), makeObservation(), [], { clearDraft: 'form' });
    expect(await loadDraft(db())).toBeUndefined();
  });
});

describe('delete and restore', () => {
  it('deletes as a tombstone (new version) with an outbox entry', async () => {
    const obs = makeObservation();
    await saveObservation(db(), obs);
    const dead = await deleteObservation(db(), obs.id, at(1));

    expect(dead).toMatchObject({ id: obs.id, deleted: true, version: 2 });
    expect(await getObservation(db(), obs.id)).toEqual(dead);
    expect(await listOutbox(db())).toMatchObject([{ id: obs.id, version: 2, baseVersion: null }]);
  });

  it('restores a tombstone as a further version, back in the list', async () => {
    const obs = makeObservation();
    await saveObservation(db(), obs);
    await deleteObservation(db(), obs.id, at(1));
    const back = await restoreObservation(db(), obs.id, at(2));

    expect(back.version).toBe(3);
    expect(back.deleted).toBeUndefined();
    expect((await listObservations(db())).observations.map((o) => o.id)).toEqual([obs.id]);
    expect(await listOutbox(db())).toMatchObject([{ id: obs.id, version: 3 }]);
  });

  it('deleting twice or restoring a live observation changes nothing', async () => {
    const obs = makeObservation();
    await saveObservation(db(), obs);
    expect((await restoreObservation(db(), obs.id, at(1))).version).toBe(1);
    await deleteObservation(db(), obs.id, at(2));
    expect((await deleteObservation(db(), obs.id, at(3))).version).toBe(2);
  });

  it('deleting an unknown id rejects with store.notFound', async () => {
    expect((await rejection(deleteObservation(db(), '0190f6a4-0000-7000-8000-000000000000'))).key).toBe('store.notFound');
  });
});

describe('damaged records', () => {
  /** Writes a record behind the store's back, as a bug or a broken migration would. */
  async function plant(record: unknown): Promise<void> {
    await db().put('observations', record as Observation);
  }

  it('lists a record that fails the schema as damaged, with its key and reason, beside the good ones', async () => {
    const good = makeObservation();
    await saveObservation(db(), good);
    const broken = { ...makeObservation(), kind: 'teleporter' };
    await plant(broken);

    const { observations, damaged } = await listObservations(db());
    expect(observations.map((o) => o.id)).toEqual([good.id]);
    expect(damaged).toHaveLength(1);
    expect(damaged[0]!.key).toBe(broken.id);
    expect(damaged[0]!.reason).toMatch(/kind/);
  });

  it('reports a record without observedAt (absent from the index) as damaged', async () => {
    const { observedAt: _gone, ...broken } = makeObservation();
    await plant(broken);
    const { observations, damaged } = await listObservations(db());
    expect(observations).toEqual([]);
    expect(damaged).toMatchObject([{ key: broken.id, reason: expect.stringMatching(/observedAt/) }]);
  });

  it('getObservation of a damaged record rejects with store.damaged; discardDamaged removes it', async () => {
    const broken = { ...makeObservation(), version: 'two' };
    await plant(broken);
    expect((await rejection(getObservation(db(), broken.id))).key).toBe('store.damaged');
    await discardDamaged(db(), broken.id);
    expect((await listObservations(db())).damaged).toEqual([]);
  });

  it('discardDamaged refuses a valid observation', async () => {
    const good = makeObservation();
    await saveObservation(db(), good);
    expect((await rejection(discardDamaged(db(), good.id))).key).toBe('store.invalid');
    expect(await getObservation(db(), good.id)).toEqual(good);
  });

  it('a new version may replace a damaged record', async () => {
    const obs = makeObservation();
    await plant({ ...obs, version: 'two' });
    await saveObservation(db(), obs);
    expect(await getObservation(db(), obs.id)).toEqual(obs);
  });
});
