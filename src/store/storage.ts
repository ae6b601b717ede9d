/**
 * Persistent storage and space. After the first save the app asks the browser once to keep its data
 * (navigator.storage.persist()); the answer is remembered in `meta` under `persistence`.
 */
import type { ContrechampDb } from './db.ts';
import { getMeta, setMeta } from './meta.ts';

let asking: Promise<boolean | null> | null = null;

/**
 * Asks for persistent storage unless it was asked before on this device. Resolves to whether
 * the storage is persistent, or null where the browser has no StorageManager.
 */
export function requestPersistence(db: ContrechampDb, now: Date = new Date()): Promise<boolean | null> {
  asking ??= (async () => {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage?.persist) return null;
    const before = await getMeta(db, 'persistence');
    if (before) return before.granted;
    const granted = (await storage.persisted?.()) || (await storage.persist());
    await setMeta(db, 'persistence', { askedAt: now.toISOString(), granted });
    return granted;
  })().catch(() => null);
  return asking;
}

/** Lets tests ask again in a fresh database. */
export function forgetPersistenceRequest(): void {
  asking = null;
}

/** Bytes used and available to this origin, or null where the browser does not say. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.estimate) return null;
  try {
    const { usage, quota } = await storage.estimate();
    if (usage === undefined || quota === undefined) return null;
    return { usage, quota };
  } catch {
    return null;
  }
}

/** Whether the browser promised to keep the data, or null where it cannot say. */
export async function isPersisted(): Promise<boolean | null> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persisted) return null;
  try {
    return await storage.persisted();
  } catch {
    return null;
  }
}
