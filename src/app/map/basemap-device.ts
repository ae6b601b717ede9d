/**
 * The offline basemap kept on this device: the server's PMTiles archive stored whole, read back
 * through the pmtiles `Source` interface so that tiles come from the device with no network.
 *
 * Where it lives: in the Origin Private File System as `basemap-<time>.pmtiles` when the browser
 * can write files there; otherwise in the IndexedDB database `contrechamp-basemap` (store `chunks`,
 * 1 MiB ArrayBuffers keyed `<generation>:<index>`). What was stored, from where and which version
 * (the server's ETag) is one record in that database's `meta` store, written only once the whole
 * archive has arrived, so a broken download never replaces a good copy. A new download writes a new
 * generation and removes the old one after; "delete" removes both the files and the record.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RangeResponse, Source } from 'pmtiles';

export const DEVICE_KEY = 'contrechamp-device-basemap';
const DB_NAME = 'contrechamp-basemap';
const CHUNK = 1024 * 1024;

export interface DeviceBasemap {
  backend: 'opfs' | 'idb';
  /** OPFS file name, or the IndexedDB chunk generation. */
  name: string;
  bytes: number;
  etag: string | null;
  updatedAt: string | null;
  storedAt: string;
}

interface BasemapDb extends DBSchema {
  meta: { key: string; value: DeviceBasemap };
  chunks: { key: string; value: ArrayBuffer };
}

let dbPromise: Promise<IDBPDatabase<BasemapDb>> | null = null;
function db(): Promise<IDBPDatabase<BasemapDb>> {
  if (dbPromise) return dbPromise;
  const opening = openDB<BasemapDb>(DB_NAME, 1, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore('meta');
        d.createObjectStore('chunks');
      }
    },
    // A wipe (or a newer version in another tab) wants the database: let go rather than block it
    // forever; the next read opens it again.
    blocking() {
      if (dbPromise === opening) dbPromise = null;
      void opening.then((d) => d.close());
    },
  });
  dbPromise = opening;
  return opening;
}

export async function deviceBasemap(): Promise<DeviceBasemap | null> {
  if (typeof indexedDB === 'undefined') return null;
  return (await (await db()).get('meta', 'current')) ?? null;
}

async function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
  try {
    return (await navigator.storage?.getDirectory?.()) ?? null;
  } catch {
    return null;
  }
}

/** Reads a stored archive; a few recent IndexedDB chunks are kept in memory (tiles cluster). */
class DeviceSource implements Source {
  private readonly cache = new Map<number, ArrayBuffer>();
  constructor(
    private readonly meta: DeviceBasemap,
    private readonly file: File | null,
  ) {}

  getKey = (): string => DEVICE_KEY;

  getBytes = async (offset: number, length: number): Promise<RangeResponse> => {
    const end = Math.min(offset + length, this.meta.bytes);
    if (this.file) return { data: await this.file.slice(offset, end).arrayBuffer() };
    const out = new Uint8Array(Math.max(0, end - offset));
    for (let i = Math.floor(offset / CHUNK); i * CHUNK < end; i++) {
      const chunk = new Uint8Array(await this.chunk(i));
      const from = Math.max(offset, i * CHUNK);
      const to = Math.min(end, (i + 1) * CHUNK);
      out.set(chunk.subarray(from - i * CHUNK, to - i * CHUNK), from - offset);
    }
    return { data: out.buffer };
  };

  private async chunk(i: number): Promise<ArrayBuffer> {
    const hit = this.cache.get(i);
    if (hit) return hit;
    const data = await (await db()).get('chunks', `${this.meta.name}:${i}`);
    if (!data) throw new Error(`offline basemap chunk ${i} is missing; download the map again`);
    this.cache.set(i, data);
    if (this.cache.size > 8) this.cache.delete(this.cache.keys().next().value as number);
    return data;
  }
}

/** The stored archive as a pmtiles Source, or null when nothing (readable) is stored. */
export async function deviceSource(): Promise<Source | null> {
  const meta = await deviceBasemap().catch(() => null);
  if (!meta) return null;
  if (meta.backend === 'idb') return new DeviceSource(meta, null);
  try {
    const root = await opfsRoot();
    const file = root ? await (await root.getFileHandle(meta.name)).getFile() : null;
    return file ? new DeviceSource(meta, file) : null;
  } catch {
    return null;
  }
}

async function removeStored(meta: DeviceBasemap): Promise<void> {
  if (meta.backend === 'opfs') {
    const root = await opfsRoot();
    await root?.removeEntry(meta.name).catch(() => undefined);
    return;
  }
  const d = await db();
  const range = IDBKeyRange.bound(`${meta.name}:`, `${meta.name}:\uffff`);
  await d.delete('chunks', range);
}

export interface DownloadProgress {
  received: number;
  total: number | null;
}

export interface RemoteArchive {
  url: string;
  etag: string | null;
  bytes: number | null;
  updatedAt: string | null;
}

/** Something that takes the archive's bytes in order and commits them, or throws them away. */
interface Sink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<DeviceBasemap>;
  abort(): Promise<void>;
}

async function opfsSink(remote: RemoteArchive, name: string): Promise<Sink | null> {
  const root = await opfsRoot();
  if (!root) return null;
  try {
    const handle = await root.getFileHandle(name, { create: true });
    if (typeof handle.createWritable !== 'function') {
      await root.removeEntry(name).catch(() => undefined);
      return null;
    }
    const writable = await handle.createWritable();
    let bytes = 0;
    return {
      write: async (chunk) => {
        await writable.write(chunk as Uint8Array<ArrayBuffer>);
        bytes += chunk.byteLength;
      },
      close: async () => {
        await writable.close();
        return { backend: 'opfs', name, bytes, etag: remote.etag, updatedAt: remote.updatedAt, storedAt: new Date().toISOString() };
      },
      abort: async () => {
        await writable.abort().catch(() => undefined);
        await root.removeEntry(name).catch(() => undefined);
      },
    };
  } catch {
    return null;
  }
}

async function idbSink(remote: RemoteArchive, name: string): Promise<Sink> {
  const d = await db();
  let buffer = new Uint8Array(CHUNK);
  let filled = 0;
  let index = 0;
  let bytes = 0;
  const flush = async () => {
    if (filled === 0) return;
    await d.put('chunks', buffer.slice(0, filled).buffer, `${name}:${index}`);
    index += 1;
    filled = 0;
    buffer = new Uint8Array(CHUNK);
  };
  return {
    write: async (chunk) => {
      let at = 0;
      while (at < chunk.byteLength) {
        const n = Math.min(CHUNK - filled, chunk.byteLength - at);
        buffer.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === CHUNK) await flush();
      }
      bytes += chunk.byteLength;
    },
    close: async () => {
      await flush();
      return { backend: 'idb', name, bytes, etag: remote.etag, updatedAt: remote.updatedAt, storedAt: new Date().toISOString() };
    },
    abort: async () => {
      await d.delete('chunks', IDBKeyRange.bound(`${name}:`, `${name}:\uffff`)).catch(() => undefined);
    },
  };
}

export class BasemapDownloadError extends Error {
  constructor(
    readonly key: 'basemap.downloadFailed' | 'basemap.quota',
    detail: string,
  ) {
    super(detail);
    this.name = 'BasemapDownloadError';
  }
}

/**
 * Downloads the whole archive and stores it on the device, reporting progress. The previous copy,
 * if any, stays in use until the new one is complete, then is removed.
 */
export async function downloadBasemap(
  remote: RemoteArchive,
  onProgress: (p: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<DeviceBasemap> {
  const response = await fetch(remote.url, { cache: 'no-store', ...(signal ? { signal } : {}) });
  if (!response.ok || !response.body) {
    throw new BasemapDownloadError('basemap.downloadFailed', `GET ${remote.url} answered ${response.status}`);
  }
  const total = Number(response.headers.get('content-length')) || remote.bytes;
  const etag = response.headers.get('etag') ?? remote.etag;
  const name = `basemap-${Date.now()}`;
  const target = { ...remote, etag };
  const sink = (await opfsSink(target, `${name}.pmtiles`)) ?? (await idbSink(target, name));
  const reader = response.body.getReader();
  let received = 0;
  let head = new Uint8Array(0);
  try {
    onProgress({ received, total });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (head.length < 7) head = new Uint8Array([...head, ...value.subarray(0, 7 - head.length)]);
      await sink.write(value);
      received += value.byteLength;
      onProgress({ received, total });
    }
    if (new TextDecoder().decode(head) !== 'PMTiles') {
      throw new BasemapDownloadError('basemap.downloadFailed', 'the server sent something that is not a PMTiles archive');
    }
    if (total !== null && received !== total) {
      throw new BasemapDownloadError('basemap.downloadFailed', `expected ${total} bytes, received ${received}`);
    }
    const meta = await sink.close();
    const previous = await deviceBasemap();
    await (await db()).put('meta', meta, 'current');
    if (previous) await removeStored(previous).catch(() => undefined);
    return meta;
  } catch (e) {
    reader.cancel().catch(() => undefined);
    await sink.abort();
    if (e instanceof BasemapDownloadError) throw e;
    if (e instanceof DOMException && e.name === 'QuotaExceededError') {
      throw new BasemapDownloadError('basemap.quota', 'not enough space on this device for the map');
    }
    throw new BasemapDownloadError('basemap.downloadFailed', e instanceof Error ? e.message : String(e));
  }
}

export async function deleteDeviceBasemap(): Promise<void> {
  const meta = await deviceBasemap();
  if (!meta) return;
  await (await db()).delete('meta', 'current');
  await removeStored(meta);
}
