/**
 * Which shared server this device syncs with: the address in `meta.serverUrl`, absent for the app's
 * own origin. Switching forgets what belonged to the other server (the device token, the pull cursor
 * and the shared copy of the map); the caller then syncs with the new one.
 */
import type { ContrechampDb } from '../store/db.ts';
import { deleteMeta, getMeta, setMeta } from '../store/meta.ts';
import { clearShared } from '../store/shared.ts';
import { normaliseServerUrl } from './api-client.ts';

/** The server address in use: the stored one, else `origin`. */
export async function currentServer(db: ContrechampDb, origin: string): Promise<string> {
  return (await getMeta(db, 'serverUrl')) ?? origin;
}

/**
 * Makes `text` the server of this device. Throws a SyncError (`syncError.badUrl`) when it is not a
 * usable http(s) address, before anything changes. Resolves to the normalised address and whether
 * it differs from `previous` (the address shown until now): only then is the other server's state
 * forgotten.
 */
export async function switchServer(db: ContrechampDb, text: string, previous: string | null, origin: string): Promise<{ url: string; changed: boolean }> {
  const url = normaliseServerUrl(text);
  if (url === previous) return { url, changed: false };
  if (url === normaliseServerUrl(origin)) await deleteMeta(db, 'serverUrl');
  else await setMeta(db, 'serverUrl', url);
  // The token, the cursor and the shared copy belonged to the other server.
  await deleteMeta(db, 'deviceToken');
  await clearShared(db);
  return { url, changed: true };
}
