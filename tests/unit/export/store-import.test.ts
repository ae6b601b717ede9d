/**
 * Import merge semantics (src/store/import.ts) on fake-indexeddb: by id, the newer version wins,
 * the same file twice changes nothing, a failing import changes nothing, and the outbox queues only
 * what the server may not have.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reviseObservation, tombstone } from '../../../src/core/observation-factory.ts';
import { StoreError } from '../../../src/store/errors.ts';
import { applyImport, isEmptyPlan, planImport } from '../../../src/store/import.ts';
import { getObservation, saveObservation } from '../../../src/store/observations.ts';
import { acknowledge, listOutbox, syncStateOf } from '../../../src/store/outbox.ts';
import { getPhoto } from '../../../src/store/photos.ts';
import { listShared } from '../../../src/store/shared.ts';
import type { ContrechampDb } from '../../../src/store/db.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { at, makeObservation, makePhoto, useFreshDb } from '../store/fixtures.ts';

const { db } = useFreshDb();

afterEach(() => {
  vi.restoreAllMocks();
});

/** Everything in every store an import touches, for "nothing changed" comparisons. */
async function snapshot(database: ContrechampDb): Promise<Record<string, unknown[]>> {
  const names = ['observations', 'photos', 'outbox', 'sync', 'shared'] as const;
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = await database.getAll(name);
  return out;
}

describe('import merge', () => {
  it('adds new observations with their photos and queues them for the server', async () => {
    const photo = makePhoto(7);
    const a = makeObservation({ photos: [photo.hash] });
    const b = makeObservation({ kind: 'antenna', details: {} });
    const plan = await planImport(db(), { observations: [a, b], photos: [photo] });
    expect(plan.totals).toEqual({ new: 2, updated: 0, unchanged: 0, older: 0 });
    expect(plan.byKind.camera?.new).toBe(1);
    expect(plan.byKind.antenna?.new).toBe(1);
    expect(plan.photos).toEqual({ added: 1, present: 0, missing: 0 });
    // The preview wrote nothing.
    expect(await getObservation(db(), a.id)).toBeUndefined();

    const applied = await applyImport(db(), { observations: [a, b], photos: [photo] }, at(5));
    expect(applied.totals.new).toBe(2);
    expect(await getObservation(db(), a.id)).toEqual(a);
    expect(new Uint8Array((await getPhoto(db(), photo.hash))!.data)).toEqual(new Uint8Array(photo.data));
    const outbox = await listOutbox(db());
    expect(outbox.map((e) => [e.id, e.version, e.baseVersion]).sort()).toEqual([[a.id, 1, null], [b.id, 1, null]].sort());
  });

  it('importing the same file twice changes nothing the second time', async () => {
    const photo = makePhoto(8);
    const bundle = { observations: [makeObservation({ photos: [photo.hash] }), makeObservation({ notes: 'x' })], photos: [photo] };
    await applyImport(db(), bundle, at(1));
    const before = await snapshot(db());
    const again = await applyImport(db(), bundle, at(2));
    expect(again.totals).toEqual({ new: 0, updated: 0, unchanged: 2, older: 0 });
    expect(again.photos).toEqual({ added: 0, present: 1, missing: 0 });
    expect(isEmptyPlan(again)).toBe(true);
    expect(await snapshot(db())).toEqual(before);
  });

  it('the newer version wins, an older one is ignored', async () => {
    const v1 = makeObservation({ notes: 'v1' });
    const v2 = reviseObservation(v1, { notes: 'v2' }, at(1));
    const v3 = reviseObservation(v2, { notes: 'v3' }, at(2));
    await saveObservation(db(), v1);
    await saveObservation(db(), v2);

    const older = await applyImport(db(), { observations: [v1] });
    expect(older.totals).toEqual({ new: 0, updated: 0, unchanged: 0, older: 1 });
    expect((await getObservation(db(), v1.id))?.notes).toBe('v2');

    const newer = await applyImport(db(), { observations: [v3] });
    expect(newer.totals.updated).toBe(1);
    expect(await getObservation(db(), v1.id)).toEqual(v3);
  });

  it('keeps the highest version when the file repeats an id', async () => {
    const v1 = makeObservation({ notes: 'v1' });
    const v2 = reviseObservation(v1, { notes: 'v2' }, at(1));
    const plan = await applyImport(db(), { observations: [v2, v1] });
    expect(plan.duplicates).toBe(1);
    expect(plan.totals.new).toBe(1);
    expect((await getObservation(db(), v1.id))?.notes).toBe('v2');
  });

  it('imports tombstones, so a delete made on the other device travels', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1);
    const gone = tombstone(v1, at(3));
    await applyImport(db(), { observations: [gone] });
    expect((await getObservation(db(), v1.id))?.deleted).toBe(true);
  });

  it('counts photos named but absent from both the file and the device', async () => {
    const obs = makeObservation({ photos: [makePhoto(9).hash] });
    const plan = await planImport(db(), { observations: [obs] });
    expect(plan.photos.missing).toBe(1);
  });

  it('ignores photos that no imported observation names', async () => {
    const stray = makePhoto(10);
    await applyImport(db(), { observations: [makeObservation()], photos: [stray] });
    expect(await getPhoto(db(), stray.hash)).toBeUndefined();
  });
  it('classifies a large file (bulk reads) the same way', async () => {
    const stored = Array.from({ length: 40 }, (_, i) => makeObservation({ notes: `stored ${i}` }));
    for (const obs of stored) await saveObservation(db(), obs);
    const incoming = [
      ...stored.slice(0, 20).map((o) => reviseObservation(o, { notes: 'newer' }, at(1))),
      ...stored.slice(20),
      ...Array.from({ length: 600 }, () => makeObservation()),
    ];
    const plan = await applyImport(db(), { observations: incoming });
    expect(plan.totals).toEqual({ new: 600, updated: 20, unchanged: 20, older: 0 });
    expect((await getObservation(db(), stored[0]!.id))?.notes).toBe('newer');
    expect(await listOutbox(db())).toHaveLength(640);
  });
});

describe('import and the outbox', () => {
  it('an observation the bundle says the server has is recorded as synced, not queued again', async () => {
    const v1 = makeObservation();
    const v2 = reviseObservation(v1, { notes: 'edited' }, at(1));
    const plan = await applyImport(db(), { observations: [v2, makeObservation({ notes: 'never synced' })], acked: { [v1.id]: 2 } });
    expect(plan.alreadySynced).toBe(1);
    expect(await syncStateOf(db(), v1.id)).toBe('synced');
    const outbox = await listOutbox(db());
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.id).not.toBe(v1.id);
  });

  it('a version newer than the acknowledged one is queued on top of it', async () => {
    const v1 = makeObservation();
    const v2 = reviseObservation(v1, { notes: 'edited offline' }, at(1));
    await applyImport(db(), { observations: [v2], acked: { [v1.id]: 1 } });
    expect(await listOutbox(db())).toEqual([expect.objectContaining({ id: v1.id, version: 2, baseVersion: 1 })]);
    expect(await syncStateOf(db(), v1.id)).toBe('waiting');
  });

  it('an update of a waiting observation coalesces with its entry', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1, [], { now: at(0) });
    await acknowledge(db(), [{ id: v1.id, version: 1, serverVersion: 1 }]);
    const v2 = reviseObservation(v1, { notes: 'here' }, at(1));
    await saveObservation(db(), v2, [], { now: at(1) });
    const v3 = reviseObservation(v2, { notes: 'imported' }, at(2));
    await applyImport(db(), { observations: [v3] }, at(9));
    expect(await listOutbox(db())).toEqual([expect.objectContaining({ id: v1.id, version: 3, baseVersion: 1, queuedAt: at(1).toISOString() })]);
  });
});

describe('shared map in a bundle', () => {
  it('goes to the shared copy, never to my observations', async () => {
    const shared = makeObservation({ notes: 'from the collective' });
    const plan = await applyImport(db(), { observations: [], shared: [shared] });
    expect(plan.shared.new).toBe(1);
    expect((await listShared(db())).observations).toEqual([shared]);
    expect(await getObservation(db(), shared.id)).toBeUndefined();
    expect((await applyImport(db(), { observations: [], shared: [shared] })).shared.unchanged).toBe(1);
  });
});

describe('a large import', () => {
  it('writes in slices of one transaction and tells its progress after each', async () => {
    const incoming = Array.from({ length: 2_500 }, () => makeObservation());
    const progress: [number, number][] = [];
    const plan = await applyImport(db(), { observations: incoming }, at(1), (written, total) => progress.push([written, total]));
    expect(plan.totals.new).toBe(2_500);
    // An observation, its map point and its outbox entry each.
    expect(progress).toEqual(Array.from({ length: 15 }, (_, i) => [(i + 1) * 500, 7_500]));
    expect(await listOutbox(db())).toHaveLength(2_500);
    expect(await getObservation(db(), incoming[2_499]!.id)).toEqual(incoming[2_499]);
  });
});

describe('a large import checked in slices', () => {
  it('importing 4,500 records again checks them all over several slices and writes nothing', async () => {
    const incoming = Array.from({ length: 4_500 }, () => makeObservation());
    await applyImport(db(), { observations: incoming }, at(1));
    const before = await snapshot(db());
    const progress: number[] = [];
    const again = await applyImport(db(), { observations: incoming }, at(2), (written) => progress.push(written));
    expect(again.totals).toEqual({ new: 0, updated: 0, unchanged: 4_500, older: 0 });
    expect(progress).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
  });

  it('an invalid record at the end of 4,500, checked over several slices, refuses the whole import and its preview before any write', async () => {
    await saveObservation(db(), makeObservation({ notes: 'kept' }));
    const before = await snapshot(db());
    const incoming = [...Array.from({ length: 4_500 }, () => makeObservation()), { ...makeObservation(), certainty: 'maybe' } as unknown as Observation];
    const progress: number[] = [];
    const refused = (e: unknown) => e as StoreError;
    const previewError = await planImport(db(), { observations: incoming }).then(() => null, refused);
    expect(previewError?.key).toBe('store.invalid');
    const error = await applyImport(db(), { observations: incoming }, at(1), (written) => progress.push(written)).then(() => null, refused);
    expect(error?.key).toBe('store.invalid');
    expect(progress).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
  });
});

describe('a failing import changes nothing', () => {
  it('a put that fails halfway leaves every store as it was', async () => {
    const existing = makeObservation({ notes: 'kept' });
    await saveObservation(db(), existing);
    const before = await snapshot(db());

    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'photos') throw new Error('disk on fire');
      return original.apply(this, args);
    });
    const photo = makePhoto(11);
    const bundle = {
      observations: [reviseObservation(existing, { notes: 'changed' }, at(1)), makeObservation({ photos: [photo.hash] })],
      photos: [photo],
    };
    const error = await applyImport(db(), bundle).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    vi.restoreAllMocks();
    expect(await snapshot(db())).toEqual(before);
  });

  it('a write that fails in a later slice, after earlier slices were written, leaves every store as it was', async () => {
    await saveObservation(db(), makeObservation({ notes: 'kept' }));
    const before = await snapshot(db());
    const original = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      puts += 1;
      if (puts === 4_500) throw new Error('disk on fire');
      return original.apply(this, args);
    });
    const progress: number[] = [];
    const incoming = Array.from({ length: 2_500 }, () => makeObservation());
    const error = await applyImport(db(), { observations: incoming }, at(1), (written) => progress.push(written)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    // Slices of 500, two in flight: the one with the failing put went out when the 7th was written.
    expect(progress).toEqual([500, 1_000, 1_500, 2_000, 2_500, 3_000, 3_500]);
    vi.restoreAllMocks();
    expect(await snapshot(db())).toEqual(before);
  });

  it('an invalid record refuses the whole import before anything is written', async () => {
    const good = makeObservation();
    const bad = { ...makeObservation(), version: 0 };
    const error = await applyImport(db(), { observations: [good, bad] }).then(
      () => null,
      (e: unknown) => e as StoreError,
    );
    expect(error?.key).toBe('store.invalid');
    expect(await getObservation(db(), good.id)).toBeUndefined();
  });
});
