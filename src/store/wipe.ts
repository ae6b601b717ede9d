/**
 * "Wipe this device": every local trace at once, by the inventory of device-inventory.ts. Closes the
 * connection, deletes every IndexedDB database of the inventory and any other of the origin, every
 * Cache Storage cache, the origin's private files (OPFS), the service worker registrations and web
 * storage, then tells other tabs (which close their connections when the deletion asks them to).
 * Everything of the origin goes, not only what the inventory names: a trace from an older release
 * must not survive either.
 */
import { deleteDB } from 'idb';
import { closeNoticeChannel, postNotice } from './notices.ts';
import { DB_NAME, type ContrechampDb } from './db.ts';
import { DEVICE_INVENTORY } from './device-inventory.ts';
import { toStoreError } from './errors.ts';
import { forgetPersistenceRequest } from './storage.ts';

export async function wipeDevice(db: ContrechampDb | null, name: string = DB_NAME): Promise<void> {
  db?.close();
  try {
    await deleteDB(name);
  } catch (error) {
    throw toStoreError(error, 'deleting the local database');
  }
  // The inventory's databases by name (indexedDB.databases() is missing in older browsers), then
  // any other database the origin still lists.
  const listed = (await indexedDB.databases?.().catch(() => [])) ?? [];
  const others = new Set([...Object.values(DEVICE_INVENTORY.indexedDb).map((d) => d.name), ...listed.flatMap((d) => (d.name ? [d.name] : []))]);
  others.delete(name);
  await Promise.all([...others].map((other) => deleteDB(other)));
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
