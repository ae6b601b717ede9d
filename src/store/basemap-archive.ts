/**
 * The offline basemap kept on this device: the server's PMTiles archive stored whole, read back
 * through the pmtiles `Source` interface so that tiles come from the device with no network. The
 * download itself (HTTP) is src/sync/basemap-download.ts; this module only stores and reads.
 *
 * Where it lives: in the Origin Private File System as `basemap-<time>.pmtiles` when the browser
 * can write files there; otherwise in the IndexedDB database `contrechamp-basemap` (store `chunks`,
 * 1 MiB ArrayBuffers keyed `<generation>:<index>`). What was stored, from where and which version
 * (the server's ETag) is one record in that database's `meta` store (key `current`), written only
 * once the whole archive has arrived, so a broken download never replaces a good copy. A new
 * download writes a new generation and removes the old one after; "delete" removes both the files
 * and the record. Migrations: version 1 only (`meta`, `chunks`).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RangeResponse, Source } from 'pmtiles';
import { DEVICE_INVENTORY } from './device-inventory.ts';

/** The pmtiles key of the stored archive (`pmtiles://<key>` in the map style). */
export const DEVICE_BASEMAP_KEY = 'contrechamp-device-basemap';
const BASEMAP_DB_NAME = DEVICE_INVENTORY.indexedDb.basemap.name;
const BASEMAP_FILE_PREFIX = DEVICE_INVENTORY.privateFiles.basemap.name;
const CHUNK = 1024 * 1024;

/** The record of the stored archive. */
export interface DeviceBasemap {
  backend: 'opfs' | 'idb';
  /** OPFS file name, or the IndexedDB chunk generation. */
  name: string;
  bytes: number;
  /** The server's ETag of the archive, to tell when it has a newer one. */
  etag: string | null;
  /** When the server built it (RFC 3339), if it said. */
  updatedAt: string | null;
  /** When it was stored here (RFC 3339). */
  storedAt: string;
}

interface BasemapDb extends DBSchema {
  meta: { key: string; value: DeviceBasemap };
  chunks: { key: string; value: ArrayBuffer };
}

let dbPromise: Promise<IDBPDatabase<BasemapDb>> | null = null;
function db(): Promise<IDBPDatabase<BasemapDb>> {
  if (dbPromise) return dbPromise;
  const opening = openDB<BasemapDb>(BASEMAP_DB_NAME, 1, {
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

/** The record of the stored archive, or null when none is stored (or IndexedDB is absent). */
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

  getKey = (): string => DEVICE_BASEMAP_KEY;

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

/** Where the archive came from, as the record will say. */
export interface ArchiveOrigin {
  etag: string | null;
  updatedAt: string | null;
}

/** Takes the archive's bytes in order; `close` gives the record to commit, `abort` throws the bytes away. */
export interface BasemapSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<DeviceBasemap>;
  abort(): Promise<void>;
}

async function opfsSink(origin: ArchiveOrigin, name: string): Promise<BasemapSink | null> {
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
        return { backend: 'opfs', name, bytes, etag: origin.etag, updatedAt: origin.updatedAt, storedAt: new Date().toISOString() };
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

async function idbSink(origin: ArchiveOrigin, name: string): Promise<BasemapSink> {
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
      return { backend: 'idb', name, bytes, etag: origin.etag, updatedAt: origin.updatedAt, storedAt: new Date().toISOString() };
    },
    abort: async () => {
      await d.delete('chunks', IDBKeyRange.bound(`${name}:`, `${name}:\uffff`)).catch(() => undefined);
    },
  };
}

/** A new generation to write a downloaded archive into: an OPFS file where possible, else IndexedDB chunks. */
export async function openBasemapSink(origin: ArchiveOrigin, now: Date = new Date()): Promise<BasemapSink> {
  const name = `${BASEMAP_FILE_PREFIX}${now.getTime()}`;
  return (await opfsSink(origin, `${name}.pmtiles`)) ?? (await idbSink(origin, name));
}

/** Makes a complete archive the current one, then removes the previous copy. */
export async function commitBasemap(meta: DeviceBasemap): Promise<void> {
  const previous = await deviceBasemap();
  await (await db()).put('meta', meta, 'current');
  if (previous) await removeStored(previous).catch(() => undefined);
}

/** Removes the stored archive and its record; nothing stored is not an error. */
export async function deleteDeviceBasemap(): Promise<void> {
  const meta = await deviceBasemap();
  if (!meta) return;
  await (await db()).delete('meta', 'current');
  await removeStored(meta);
}
