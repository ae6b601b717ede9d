import { describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, saveDraft } from '../../../src/store/drafts.ts';
import { deleteMeta, getMeta, setMeta } from '../../../src/store/meta.ts';
import { deleteObservation, saveObservation } from '../../../src/store/observations.ts';
import { getPhoto, prunePhotos, putPhotos } from '../../../src/store/photos.ts';
import { at, makeObservation, makePhoto, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

describe('drafts', () => {
  it('saves, loads and clears the form draft; other keys are separate', async () => {
    expect(await loadDraft(db())).toBeUndefined();
    await saveDraft(db(), { kind: 'camera', details: { direction: [{ bearing: 45 }] }, photos: [makePhoto(1).hash] });
    await saveDraft(db(), { kind: 'drone' }, 'other');
    expect(await loadDraft(db())).toEqual({ kind: 'camera', details: { direction: [{ bearing: 45 }] }, photos: [makePhoto(1).hash] });
    await clearDraft(db());
    expect(await loadDraft(db())).toBeUndefined();
    expect(await loadDraft(db(), 'other')).toEqual({ kind: 'drone' });
  });
});

describe('photos', () => {
  it('stores the same photo once, keeps the bytes and type', async () => {
    const p = makePhoto(9);
    await putPhotos(db(), [p, p]);
    const stored = await getPhoto(db(), p.hash);
    expect(stored).toMatchObject({ hash: p.hash, type: 'image/jpeg', width: 8, height: 8, size: 64 });
    expect(stored!.data).toBeInstanceOf(ArrayBuffer);
    expect(await db().count('photos')).toBe(1);
  });

  it('prunePhotos removes only photos no observation (even a tombstone) and no draft names', async () => {
    const [kept, ofTombstone, ofDraft, orphan] = [makePhoto(1), makePhoto(2), makePhoto(3), makePhoto(4)];
    await putPhotos(db(), [orphan, ofDraft]);
    await saveObservation(db(), makeObservation({ photos: [kept.hash] }), [kept]);
    const dead = makeObservation({ photos: [ofTombstone.hash] });
    await saveObservation(db(), dead, [ofTombstone]);
    await deleteObservation(db(), dead.id, at(1));
    await saveDraft(db(), { photos: [ofDraft.hash] });

    expect(await prunePhotos(db())).toEqual([orphan.hash]);
    expect((await db().getAllKeys('photos')).sort()).toEqual([kept.hash, ofTombstone.hash, ofDraft.hash].sort());
  });
});

describe('meta', () => {
  it('sets, reads and deletes typed values', async () => {
    await setMeta(db(), 'lastSync', { at: at(1).toISOString(), ok: false, error: 'offline' });
    expect(await getMeta(db(), 'lastSync')).toEqual({ at: at(1).toISOString(), ok: false, error: 'offline' });
    await deleteMeta(db(), 'lastSync');
    expect(await getMeta(db(), 'lastSync')).toBeUndefined();
  });
});
