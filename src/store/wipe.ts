/**
 * "Wipe this device": every local trace at once. Closes the connection, deletes every IndexedDB
 * database of the origin, every Cache Storage cache, the origin's private files (OPFS: the offline basemap,
 * an export in progress), the service worker registrations and web storage, then
 * tells other tabs (which close their connections when the deletion asks them to).
 */
import { deleteDB } from 'idb';
import { closeNoticeChannel, postNotice } from './notices.ts';
import { DB_NAME, type ContrechampDb } from './db.ts';
import { toStoreError } from './errors.ts';
import { forgetPersistenceRequest } from './storage.ts';

export async function wipeDevice(db: ContrechampDb | null, name: string = DB_NAME): Promise<void> {
  db?.close();
  try {
    await deleteDB(name);
  } catch (error) {
    throw toStoreError(error, 'deleting the local database');
  }
  // Other databases of this origin (the offline basemap's fallback store) go too.
  const others = (await indexedDB.databases?.().catch(() => [])) ?? [];
  await Promise.all(others.flatMap((d) => (d.name && d.name !== name ? [deleteDB(d.name)] : [])));
  forgetPersistenceRequest();
  if (typeof caches !== 'undefined') {
    const keys = await caches.keys();
    await Promise.all(keys.map((key) => caches.delete(key)));
  }
  await clearPrivateFiles();
  if (typeof navigator !== 'undefined' && navigator.serviceWorker) {
    const registrations = await navigator.serviceWorker.getRegistrations();
    await Promise.all(registrations.map((r) => r.unregister()));
  }
  // The language choice and any UI state are traces too.
  if (typeof localStorage !== 'undefined') localStorage.clear();
  if (typeof sessionStorage !== 'undefined') sessionStorage.clear();
  postNotice({ stores: 'all' });
  closeNoticeChannel();
}

async function clearPrivateFiles(): Promise<void> {
  const root = await navigator.storage?.getDirectory?.().catch(() => null);
  if (!root) return;
  const names: string[] = [];
  for await (const name of (root as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> }).keys()) names.push(name);
  await Promise.all(names.map((name) => root.removeEntry(name, { recursive: true })));
}
