import 'fake-indexeddb/auto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PMTiles } from 'pmtiles';
import { openDB } from 'idb';
import { deleteDeviceBasemap, deviceBasemap, deviceSource } from '../../../src/store/basemap-archive.ts';
import { BasemapDownloadError, downloadBasemap, type DownloadProgress } from '../../../src/sync/basemap-download.ts';
import { Compression, TileType, packPmtiles, type TileCoord } from '../../../scripts/basemap/pmtiles-writer.ts';

// Node has no OPFS, so these tests exercise the IndexedDB fallback (1 MiB chunks).
let dir = '';
let archive = Buffer.alloc(0);
const tiles = new Map<string, Buffer>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'device-basemap-'));
  // About 2.5 MB of incompressible tiles, so the archive spans several chunks.
  for (let x = 0; x < 16; x++) {
    for (let y = 0; y < 3; y++) {
      const bytes = Buffer.alloc(50_000 + x * 100 + y);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + x * 7 + y * 13) % 256;
      tiles.set(`4/${x}/${y}`, bytes);
    }
  }
  const path = join(dir, 'a.pmtiles');
  await packPmtiles(
    {
      coordinates: () => [...tiles.keys()].map((k): TileCoord => {
        const [z, x, y] = k.split('/').map(Number) as [number, number, number];
        return { z, x, y };
      }),
      read: ({ z, x, y }) => tiles.get(`${z}/${x}/${y}`)!,
    },
    path,
    { tileType: TileType.Mvt, tileCompression: Compression.None, metadata: { name: 'device' } },
  );
  archive = await readFile(path);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function serve(body: Buffer, headers: Record<string, string> = {}) {
  vi.stubGlobal('fetch', async () => new Response(new Uint8Array(body), { headers: { 'content-length': String(body.length), ...headers } }));
}

const remote = (etag: string) => ({ url: '/api/v1/basemap/basemap.pmtiles', etag, bytes: archive.length, updatedAt: '2026-11-28T12:00:00Z' });

describe('the device basemap (IndexedDB fallback)', () => {
  it('stores the whole archive with its progress, and serves every tile back through pmtiles', async () => {
    expect(archive.length).toBeGreaterThan(2 * 1024 * 1024);
    serve(archive, { etag: '"v1"' });
    const progress: DownloadProgress[] = [];
    const meta = await downloadBasemap(remote('"v1"'), (p) => progress.push(p));
    expect(meta).toMatchObject({ backend: 'idb', bytes: archive.length, etag: '"v1"' });
    expect(progress.at(-1)).toEqual({ received: archive.length, total: archive.length });
    expect(await deviceBasemap()).toEqual(meta);

    const source = await deviceSource();
    expect(source).not.toBeNull();
    // A read across a chunk boundary.
    const span = await source!.getBytes(1024 * 1024 - 10, 20);
    expect(Buffer.from(span.data).equals(archive.subarray(1024 * 1024 - 10, 1024 * 1024 + 10))).toBe(true);
    const pm = new PMTiles(source!);
    for (const [key, bytes] of tiles) {
      const [z, x, y] = key.split('/').map(Number) as [number, number, number];
      const got = await pm.getZxy(z, x, y);
      expect(Buffer.from(got!.data).equals(bytes), key).toBe(true);
    }
    expect(await pm.getMetadata()).toEqual({ name: 'device' });
  });

  it('keeps the good copy when a download breaks off or is not an archive', async () => {
    const before = await deviceBasemap();
    serve(archive.subarray(0, 5000), { 'content-length': String(archive.length) });
    await expect(downloadBasemap(remote('"v2"'), () => undefined)).rejects.toBeInstanceOf(BasemapDownloadError);
    serve(Buffer.from('<!doctype html>'), {});
    await expect(downloadBasemap({ ...remote('"v3"'), bytes: null }, () => undefined)).rejects.toThrow(/not a PMTiles archive/);
    expect(await deviceBasemap()).toEqual(before);
    const pm = new PMTiles((await deviceSource())!);
    expect(Buffer.from((await pm.getZxy(4, 3, 1))!.data).equals(tiles.get('4/3/1')!)).toBe(true);
  });

  it('replaces an older copy with a newer one, then deletes it on request', async () => {
    const old = await deviceBasemap();
    serve(archive, { etag: '"v4"' });
    const fresh = await downloadBasemap(remote('"v4"'), () => undefined);
    expect(fresh.etag).toBe('"v4"');
    expect(fresh.name).not.toBe(old?.name);
    expect((await deviceBasemap())?.etag).toBe('"v4"');
    const raw = await openDB('contrechamp-basemap');
    const keys = (await raw.getAllKeys('chunks')).map(String);
    expect(keys.some((k) => k.startsWith(`${old!.name}:`))).toBe(false);
    expect(keys.filter((k) => k.startsWith(`${fresh.name}:`))).toHaveLength(Math.ceil(archive.length / (1024 * 1024)));
    await deleteDeviceBasemap();
    expect(await raw.count('chunks')).toBe(0);
    raw.close();
    expect(await deviceBasemap()).toBeNull();
    expect(await deviceSource()).toBeNull();
  });
});
