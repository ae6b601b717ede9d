/**
 * Photos (store `photos`, key = SHA-256 hex of the bytes). Kept as ArrayBuffer + MIME type rather
 * than Blob: Safari has lost Blobs stored in IndexedDB. The same photo twice is one record.
 * Photos of an observation are written in its transaction (saveObservation); photos of a draft are
 * written here first and named by hash in the draft.
 */
import { sha256Hex } from '../core/observation.ts';
import { postNotice } from './notices.ts';
import { inTransaction, runAll, type ContrechampDb, type PhotoRecord } from './db.ts';
import { StoreError } from './errors.ts';

export type { PhotoRecord } from './db.ts';

/** Throws a developer error for a record that would store badly (a Blob, a bad hash). */
export function checkPhoto(photo: PhotoRecord): void {
  if (!sha256Hex.safeParse(photo.hash).success) {
    throw new StoreError('store.invalid', `photo hash: expected lowercase SHA-256 hex, got ${JSON.stringify(photo.hash)}`);
  }
  if (!(photo.data instanceof ArrayBuffer)) {
    throw new StoreError('store.invalid', `photo ${photo.hash}: expected data as an ArrayBuffer, got ${Object.prototype.toString.call(photo.data)}`);
  }
}

export async function getPhoto(db: ContrechampDb, hash: string): Promise<PhotoRecord | undefined> {
  return db.get('photos', hash);
}

/** Stores photos on their own (a draft's photos, before the observation is saved). */
export async function putPhotos(db: ContrechampDb, photos: readonly PhotoRecord[]): Promise<void> {
  photos.forEach(checkPhoto);
  await inTransaction(db, ['photos'], 'readwrite', 'saving photos', async (tx) => {
    await runAll(photos.map((p) => () => tx.objectStore('photos').put(p)));
  });
  postNotice({ stores: ['photos'] });
}

/**
 * Deletes photos that no observation (tombstones included: they can be restored) and no draft
 * names. Returns the hashes removed.
 */
export async function prunePhotos(db: ContrechampDb): Promise<string[]> {
  const removed = await inTransaction(db, ['photos', 'observations', 'drafts'], 'readwrite', 'pruning photos', async (tx) => {
    const [hashes, observations, drafts] = await Promise.all([
      tx.objectStore('photos').getAllKeys(),
      tx.objectStore('observations').getAll(),
      tx.objectStore('drafts').getAll(),
    ]);
    const used = new Set<unknown>();
    for (const o of observations) if (Array.isArray(o.photos)) o.photos.forEach((h) => used.add(h));
    for (const d of drafts) if (Array.isArray(d.draft.photos)) d.draft.photos.forEach((h) => used.add(h));
    const orphans = hashes.filter((h) => !used.has(h));
    await runAll(orphans.map((h) => () => tx.objectStore('photos').delete(h)));
    return orphans;
  });
  if (removed.length > 0) postNotice({ stores: ['photos'] });
  return removed;
}
