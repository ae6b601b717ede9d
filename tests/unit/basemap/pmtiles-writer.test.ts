import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PMTiles, zxyToTileId as libraryTileId, type Source } from 'pmtiles';
import {
  Compression,
  HEADER_BYTES,
  TileType,
  packPmtiles,
  zxyToTileId,
  type TileCoord,
  type TileReader,
} from '../../../scripts/basemap/pmtiles-writer.ts';

/** A pmtiles Source over bytes in memory, as the library reads a file or a URL. */
class BufferSource implements Source {
  constructor(private readonly bytes: Buffer) {}
  getKey = () => 'memory';
  getBytes = async (offset: number, length: number) => {
    const slice = this.bytes.subarray(offset, offset + length);
    return { data: slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.byteLength) as ArrayBuffer };
  };
}

class MemoryTiles implements TileReader {
  readonly tiles = new Map<string, Uint8Array>();
  set(c: TileCoord, bytes: Uint8Array) {
    this.tiles.set(`${c.z}/${c.x}/${c.y}`, bytes);
  }
  coordinates(): TileCoord[] {
    return [...this.tiles.keys()].map((k) => {
      const [z, x, y] = k.split('/').map(Number) as [number, number, number];
      return { z, x, y };
    });
  }
  read(c: TileCoord): Uint8Array {
    return this.tiles.get(`${c.z}/${c.x}/${c.y}`)!;
  }
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmtiles-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytesOf = (s: string) => new TextEncoder().encode(s);

/** Tiles over zooms 0–z with some repeated contents (deduplicated) and runs of identical tiles. */
function sampleTiles(maxZoom: number, compress: boolean): MemoryTiles {
  const m = new MemoryTiles();
  for (let z = 0; z <= maxZoom; z++) {
    const n = Math.min(2 ** z, 24);
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        // Every 5th tile shares one content ("ocean"), the rest are unique.
        const raw = (x + y) % 5 === 0 ? bytesOf('ocean') : bytesOf(`tile ${z}/${x}/${y} ${'#'.repeat((x * 7 + y) % 50)}`);
        m.set({ z, x, y }, compress ? gzipSync(raw) : raw);
      }
    }
  }
  return m;
}

async function readBack(path: string) {
  return new PMTiles(new BufferSource(await readFile(path)));
}

describe('zxyToTileId', () => {
  it('matches the pmtiles library on every tile up to zoom 8 and on random deep tiles', () => {
    for (let z = 0; z <= 8; z++) {
      for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) expect(zxyToTileId(z, x, y)).toBe(libraryTileId(z, x, y));
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 9, max: 24 }).chain((z) =>
          fc.tuple(fc.constant(z), fc.integer({ min: 0, max: 2 ** z - 1 }), fc.integer({ min: 0, max: 2 ** z - 1 })),
        ),
        ([z, x, y]) => zxyToTileId(z, x, y) === libraryTileId(z, x, y),
      ),
    );
  });

  it('rejects tiles outside their zoom', () => {
    expect(() => zxyToTileId(2, 4, 0)).toThrow(RangeError);
    expect(() => zxyToTileId(27, 0, 0)).toThrow(RangeError);
  });
});

describe('packPmtiles', () => {
  it('writes an archive whose every tile reads back equal through the pmtiles library', async () => {
    const tiles = sampleTiles(6, false);
    const path = join(dir, 'plain.pmtiles');
    const meta = { name: 'test', vector_layers: [{ id: 'water' }], attribution: '© OpenStreetMap contributors' };
    const result = await packPmtiles(tiles, path, { tileType: TileType.Mvt, tileCompression: Compression.None, metadata: meta });
    const archive = await readBack(path);
    for (const c of tiles.coordinates()) {
      const got = await archive.getZxy(c.z, c.x, c.y);
      expect(got, `${c.z}/${c.x}/${c.y}`).toBeDefined();
      expect(Buffer.from(got!.data).equals(Buffer.from(tiles.read(c)))).toBe(true);
    }
    // A tile that was never written is absent, not someone else's.
    expect(await archive.getZxy(6, 60, 60)).toBeUndefined();

    const h = await archive.getHeader();
    const count = tiles.coordinates().length;
    expect(h.specVersion).toBe(3);
    expect(h.rootDirectoryOffset).toBe(HEADER_BYTES);
    expect(h.rootDirectoryOffset + h.rootDirectoryLength).toBeLessThanOrEqual(16_384);
    expect(h.numAddressedTiles).toBe(count);
    expect(h.numTileContents).toBeLessThan(count); // the "ocean" tiles are stored once
    expect(h.numTileEntries).toBeLessThanOrEqual(count);
    expect(h.tileDataOffset + (h.tileDataLength ?? 0)).toBe(result.bytes);
    expect(h.clustered).toBe(true);
    expect(h.internalCompression).toBe(Compression.Gzip);
    expect(h.tileType).toBe(TileType.Mvt);
    expect([h.minZoom, h.maxZoom]).toEqual([0, 6]);
    expect(h.minLon).toBeCloseTo(-180, 5);
    expect(h.maxLat).toBeCloseTo(85.0511, 3);
    expect(await archive.getMetadata()).toEqual(meta);
  });

  it('stores gzip tiles as they are and says so in the header', async () => {
    const tiles = sampleTiles(4, true);
    const path = join(dir, 'gzip.pmtiles');
    await packPmtiles(tiles, path, { tileType: TileType.Mvt, tileCompression: Compression.Gzip, metadata: {} });
    const archive = await readBack(path);
    expect((await archive.getHeader()).tileCompression).toBe(Compression.Gzip);
    for (const c of tiles.coordinates()) {
      // The library hands back decompressed tiles.
      const got = await archive.getZxy(c.z, c.x, c.y);
      expect(Buffer.from(got!.data).equals(gunzipSync(tiles.read(c)))).toBe(true);
    }
  });

  it('moves entries into leaf directories when the root would not fit, and still finds every tile', async () => {
    const tiles = sampleTiles(7, false);
    const path = join(dir, 'leaves.pmtiles');
    const result = await packPmtiles(tiles, path, {
      tileType: TileType.Mvt,
      tileCompression: Compression.None,
      metadata: {},
      rootLimit: 200,
      leafSize: 64,
    });
    expect(result.leafDirectories).toBeGreaterThan(1);
    const archive = await readBack(path);
    const h = await archive.getHeader();
    expect(h.leafDirectoryLength).toBeGreaterThan(0);
    expect(h.rootDirectoryLength).toBeLessThanOrEqual(200);
    for (const c of tiles.coordinates()) {
      const got = await archive.getZxy(c.z, c.x, c.y);
      expect(Buffer.from(got!.data).equals(Buffer.from(tiles.read(c))), `${c.z}/${c.x}/${c.y}`).toBe(true);
    }
  });

  it('folds consecutive identical tiles into one run', async () => {
    const tiles = new MemoryTiles();
    for (let x = 0; x < 4; x++) for (let y = 0; y < 4; y++) tiles.set({ z: 2, x, y }, bytesOf('same'));
    const path = join(dir, 'runs.pmtiles');
    const r = await packPmtiles(tiles, path, { tileType: TileType.Mvt, tileCompression: Compression.None, metadata: {} });
    expect(r).toMatchObject({ addressedTiles: 16, tileEntries: 1, tileContents: 1 });
    const archive = await readBack(path);
    expect(new TextDecoder().decode((await archive.getZxy(2, 3, 1))!.data)).toBe('same');
  });

  it('leaves no file behind when packing fails', async () => {
    const path = join(dir, 'broken.pmtiles');
    const reader: TileReader = {
      coordinates: () => [{ z: 0, x: 0, y: 0 }],
      read: () => {
        throw new Error('disk on fire');
      },
    };
    await expect(packPmtiles(reader, path, { tileType: 1, tileCompression: 1, metadata: {} })).rejects.toThrow('disk on fire');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.data.tmp`)).toBe(false);
  });
});

describe('openMbtiles', () => {
  it('flips TMS rows so that the packed archive serves each tile at its web z/x/y', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { openMbtiles } = await import('../../../scripts/basemap/mbtiles.ts');
    const file = join(dir, 'flip.mbtiles');
    const db = new Database(file);
    db.exec('CREATE TABLE metadata (name text, value text); CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);');
    const put = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
    // z 3, x 5, web y 1 → TMS row 8 - 1 - 1 = 6.
    put.run(3, 5, 6, Buffer.from('north'));
    put.run(3, 5, 1, Buffer.from('south'));
    db.prepare('INSERT INTO metadata VALUES (?, ?)').run('name', 'flip');
    db.close();
    const reader = openMbtiles(file);
    expect(reader.metadata()).toEqual({ name: 'flip' });
    const path = join(dir, 'flip.pmtiles');
    await packPmtiles(reader, path, { tileType: TileType.Mvt, tileCompression: Compression.None, metadata: {} });
    reader.close();
    const archive = await readBack(path);
    expect(new TextDecoder().decode((await archive.getZxy(3, 5, 1))!.data)).toBe('north');
    expect(new TextDecoder().decode((await archive.getZxy(3, 5, 6))!.data)).toBe('south');
  });
});
