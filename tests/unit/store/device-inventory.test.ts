import 'fake-indexeddb/auto';
import { openDB as openIdb } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeNoticeChannel } from '../../../src/store/notices.ts';
import { DB_NAME } from '../../../src/store/db.ts';
import { DEVICE_INVENTORY } from '../../../src/store/device-inventory.ts';
import { deviceBasemap } from '../../../src/store/basemap-archive.ts';
import { wipeDevice } from '../../../src/store/wipe.ts';
import { useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

afterEach(() => {
  vi.unstubAllGlobals();
  closeNoticeChannel();
});

describe('the device inventory', () => {
  it('names the databases the store opens', async () => {
    expect(DB_NAME).toBe(DEVICE_INVENTORY.indexedDb.main.name);
    await deviceBasemap();
    const names = (await indexedDB.databases()).map((d) => d.name);
    for (const entry of Object.values(DEVICE_INVENTORY.indexedDb)) expect(names).toContain(entry.name);
  });

  it('is what the wipe deletes by, even where the browser cannot list its databases', async () => {
    const listing = indexedDB.databases.bind(indexedDB);
    const other = await openIdb(DEVICE_INVENTORY.indexedDb.basemap.name, 1, { upgrade: (d) => void d.createObjectStore('meta') });
    other.close();
    vi.stubGlobal('navigator', {});
    // Older browsers have no indexedDB.databases(): only the inventory can name what to delete.
    Object.defineProperty(indexedDB, 'databases', { value: undefined, configurable: true });
    try {
      await wipeDevice(db());
    } finally {
      Object.defineProperty(indexedDB, 'databases', { value: listing, configurable: true });
    }
    const left = (await indexedDB.databases()).map((d) => d.name);
    for (const entry of Object.values(DEVICE_INVENTORY.indexedDb)) expect(left).not.toContain(entry.name);
  });
});
