import { openDB as openIdb } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAME, closeNoticeChannel, onStoreNotice, type StoreNotice } from '../../../src/store/notices.ts';
import { openDb } from '../../../src/store/db.ts';
import { getMeta } from '../../../src/store/meta.ts';
import { listObservations, saveObservation } from '../../../src/store/observations.ts';
import { forgetPersistenceRequest, requestPersistence, storageEstimate } from '../../../src/store/storage.ts';
import { wipeDevice } from '../../../src/store/wipe.ts';
import { makeObservation, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

afterEach(() => {
  vi.unstubAllGlobals();
  closeNoticeChannel();
});

describe('change notifications', () => {
  it('tells listeners of this tab and other tabs which observation changed', async () => {
    const here: StoreNotice[] = [];
    const stop = onStoreNotice((c) => here.push(c));
    const otherTab = new BroadcastChannel(CHANNEL_NAME);
    const there = new Promise<unknown>((resolve) => {
      otherTab.onmessage = (e: MessageEvent) => resolve(e.data);
    });

    const obs = makeObservation();
    await saveObservation(db(), obs);
    await vi.waitFor(() => expect(here).toHaveLength(1));
    expect(here[0]).toEqual({ stores: ['observations', 'outbox'], ids: [obs.id] });
    expect(await there).toEqual({ scope: 'store', change: { stores: ['observations', 'outbox'], ids: [obs.id] } });
    otherTab.close();
    stop();
  });

  it('hears changes made by another tab, and ignores other modules on the channel', async () => {
    const heard: StoreNotice[] = [];
    const stop = onStoreNotice((c) => heard.push(c));
    const otherTab = new BroadcastChannel(CHANNEL_NAME);
    otherTab.postMessage({ scope: 'sync', state: 'running' });
    otherTab.postMessage({ scope: 'store', change: { stores: ['shared'] } });
    await vi.waitFor(() => expect(heard).toEqual([{ stores: ['shared'] }]));
    otherTab.close();
    stop();
  });

  it('a listener that throws does not fail the save', async () => {
    const stop = onStoreNotice(() => {
      throw new Error('bad view');
    });
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    await saveObservation(db(), makeObservation());
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    process.off('uncaughtException', onError);
    stop();
  });
});

describe('persistent storage', () => {
  function stubStorage() {
    const storage = {
      persisted: vi.fn(async () => false),
      persist: vi.fn(async () => true),
      estimate: vi.fn(async () => ({ usage: 1234, quota: 5_000_000 })),
    };
    vi.stubGlobal('navigator', { storage });
    return storage;
  }

  it('is asked once, after the first save, and the answer remembered', async () => {
    const storage = stubStorage();
    expect(storage.persist).not.toHaveBeenCalled();
    await saveObservation(db(), makeObservation());
    await vi.waitFor(async () => expect(await getMeta(db(), 'persistence')).toMatchObject({ granted: true }));
    await saveObservation(db(), makeObservation());
    // A new session of the app: the answer in meta stops it asking again.
    forgetPersistenceRequest();
    await saveObservation(db(), makeObservation());
    // The save started this session's request; awaiting it shows it answered from meta.
    expect(await requestPersistence(db())).toBe(true);
    expect(storage.persist).toHaveBeenCalledTimes(1);
  });

  it('storageEstimate gives usage and quota, or null without a StorageManager', async () => {
    stubStorage();
    expect(await storageEstimate()).toEqual({ usage: 1234, quota: 5_000_000 });
    vi.stubGlobal('navigator', {});
    expect(await storageEstimate()).toBeNull();
  });
});

describe('wipeDevice', () => {
  it('deletes the databases, caches, private files, service workers and web storage, even with another tab open', async () => {
    await saveObservation(db(), makeObservation());
    const otherTab = await openDb();
    const basemapFallback = await openIdb('contrechamp-basemap', 1, { upgrade: (d) => void d.createObjectStore('pieces') });
    basemapFallback.close();
    const privateFiles = new Set(['basemap.pmtiles', 'export-zip']);
    const root = {
      async *keys() {
        yield* privateFiles;
      },
      removeEntry: vi.fn(async (name: string) => void privateFiles.delete(name)),
    };
    const cacheNames = ['app-shell', 'tiles'];
    const caches = { keys: vi.fn(async () => cacheNames), delete: vi.fn(async (_name: string) => true) };
    const unregister = vi.fn(async () => true);
    const localStorage = { clear: vi.fn() };
    vi.stubGlobal('caches', caches);
    vi.stubGlobal('navigator', {
      serviceWorker: { getRegistrations: async () => [{ unregister }] },
      storage: { getDirectory: async () => root },
    });
    vi.stubGlobal('localStorage', localStorage);
    const heard: StoreNotice[] = [];
    const stop = onStoreNotice((c) => heard.push(c));

    await wipeDevice(db());

    expect(caches.delete.mock.calls.map((c) => c[0])).toEqual(cacheNames);
    expect(unregister).toHaveBeenCalledOnce();
    expect(localStorage.clear).toHaveBeenCalledOnce();
    expect(privateFiles.size).toBe(0);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('contrechamp-basemap');
    await vi.waitFor(() => expect(heard).toContainEqual({ stores: 'all' }));
    const fresh = await openDb();
    expect((await listObservations(fresh)).observations).toEqual([]);
    fresh.close();
    otherTab.close();
    stop();
  });
});
