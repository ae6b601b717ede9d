/**
 * Small settings and bookkeeping (store `meta`, one value per key): sync cursor, server URL, device
 * token, last sync, whether persistent storage was asked. Typed by MetaValues in db.ts.
 */
import { postNotice } from './notices.ts';
import { inTransaction, type ContrechampDb, type MetaKey, type MetaValues } from './db.ts';

export type { MetaKey, MetaValues } from './db.ts';

export async function getMeta<K extends MetaKey>(db: ContrechampDb, key: K): Promise<MetaValues[K] | undefined> {
  return (await db.get('meta', key)) as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(db: ContrechampDb, key: K, value: MetaValues[K]): Promise<void> {
  await inTransaction(db, ['meta'], 'readwrite', `saving ${key}`, async (tx) => {
    await tx.objectStore('meta').put(value, key);
  });
  postNotice({ stores: ['meta'] });
}

export async function deleteMeta(db: ContrechampDb, key: MetaKey): Promise<void> {
  await inTransaction(db, ['meta'], 'readwrite', `removing ${key}`, async (tx) => {
    await tx.objectStore('meta').delete(key);
  });
  postNotice({ stores: ['meta'] });
}

/** This device's namespace for the ids of imported OSM elements: made once, then kept (meta `importNamespace`). */
export async function importNamespace(db: ContrechampDb): Promise<string> {
  return inTransaction(db, ['meta'], 'readwrite', 'reading the import namespace', async (tx) => {
    const store = tx.objectStore('meta');
    const stored = (await store.get('importNamespace')) as string | undefined;
    if (stored !== undefined) return stored;
    const made = crypto.randomUUID();
    await store.put(made, 'importNamespace');
    return made;
  });
}
