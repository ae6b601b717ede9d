/**
 * A PMTiles v3 writer, from the specification (github.com/protomaps/PMTiles, spec/v3/spec.md):
 * a 127-byte header, a gzip-compressed root directory within the first 16 KiB, JSON metadata,
 * leaf directories when the root would not fit, then the tile data in Hilbert tile-id order with
 * identical tiles stored once and consecutive identical tiles folded into one run.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';

export const HEADER_BYTES = 127;
/** The spec asks that the header and root directory fit in the first 16,384 bytes. */
export const ROOT_LIMIT_BYTES = 16_384 - HEADER_BYTES;

export const Compression = { Unknown: 0, None: 1, Gzip: 2, Brotli: 3, Zstd: 4 } as const;
export type CompressionCode = (typeof Compression)[keyof typeof Compression];
export const TileType = { Unknown: 0, Mvt: 1, Png: 2, Jpeg: 3, Webp: 4, Avif: 5 } as const;
export type TileTypeCode = (typeof TileType)[keyof typeof TileType];

export interface DirectoryEntry {
  tileId: number;
  offset: number;
  length: number;
  /** 0 marks a pointer to a leaf directory. */
  runLength: number;
}

/** Tile ids below this zoom: 4^0 + 4^1 + … + 4^(z-1). */
const zoomBase = (z: number): number => (4 ** z - 1) / 3;

/** The Hilbert tile id of the spec: all lower zooms first, then the Hilbert index within zoom z. */
export function zxyToTileId(z: number, x: number, y: number): number {
  if (!Number.isInteger(z) || z < 0 || z > 26) throw new RangeError(`zoom must be an integer 0–26, got ${z}`);
  const n = 2 ** z;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
    throw new RangeError(`tile ${z}/${x}/${y} is outside zoom ${z} (0–${n - 1})`);
  }
  let d = 0;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Keep the bits below s, and rotate that quadrant so the curve stays continuous.
    tx &= s - 1;
    ty &= s - 1;
    if (ry === 0) {
      if (rx === 1) {
        tx = s - 1 - tx;
        ty = s - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  return zoomBase(z) + d;
}

function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint expects a safe non-negative integer, got ${value}`);
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Directory bytes before compression: counts, then delta ids, run lengths, lengths, offsets. */
export function serializeDirectory(entries: readonly DirectoryEntry[]): Uint8Array {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let lastId = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    // 0 means "right after the previous entry"; otherwise the offset plus one.
    writeVarint(out, prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

const compressDirectory = (entries: readonly DirectoryEntry[]): Buffer => gzipSync(serializeDirectory(entries), { level: 9 });

/** The root directory, and the leaves it points to when all entries do not fit in the root. */
export function buildDirectories(
  entries: readonly DirectoryEntry[],
  rootLimit = ROOT_LIMIT_BYTES,
  firstLeafSize = 4096,
): { root: Buffer; leaves: Buffer; leafCount: number } {
  const whole = compressDirectory(entries);
  if (whole.length <= rootLimit) return { root: whole, leaves: Buffer.alloc(0), leafCount: 0 };
  for (let leafSize = firstLeafSize; ; leafSize *= 2) {
    const rootEntries: DirectoryEntry[] = [];
    const leafParts: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const slice = entries.slice(i, i + leafSize);
      const leaf = compressDirectory(slice);
      rootEntries.push({ tileId: slice[0]!.tileId, offset, length: leaf.length, runLength: 0 });
      leafParts.push(leaf);
      offset += leaf.length;
    }
    const root = compressDirectory(rootEntries);
    if (root.length <= rootLimit) return { root, leaves: Buffer.concat(leafParts), leafCount: leafParts.length };
    if (leafSize > entries.length) throw new Error(`root directory of ${root.length} bytes does not fit in ${rootLimit}`);
  }
}

export interface ArchiveHeader {
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  jsonMetadataOffset: number;
  jsonMetadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  numAddressedTiles: number;
  numTileEntries: number;
  numTileContents: number;
  clustered: boolean;
  internalCompression: CompressionCode;
  tileCompression: CompressionCode;
  tileType: TileTypeCode;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  centerZoom: number;
  center: [number, number];
}

export function serializeHeader(h: ArchiveHeader): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES);
  buf.write('PMTiles', 0, 'ascii');
  buf.writeUInt8(3, 7);
  const u64 = [
    h.rootDirectoryOffset,
    h.rootDirectoryLength,
    h.jsonMetadataOffset,
    h.jsonMetadataLength,
    h.leafDirectoryOffset,
    h.leafDirectoryLength,
    h.tileDataOffset,
    h.tileDataLength,
    h.numAddressedTiles,
    h.numTileEntries,
    h.numTileContents,
  ];
  u64.forEach((v, i) => buf.writeBigUInt64LE(BigInt(v), 8 + i * 8));
  buf.writeUInt8(h.clustered ? 1 : 0, 96);
  buf.writeUInt8(h.internalCompression, 97);
  buf.writeUInt8(h.tileCompression, 98);
  buf.writeUInt8(h.tileType, 99);
  buf.writeUInt8(h.minZoom, 100);
  buf.writeUInt8(h.maxZoom, 101);
  const e7 = (deg: number): number => Math.round(deg * 1e7);
  const [west, south, east, north] = h.bounds;
  buf.writeInt32LE(e7(west), 102);
  buf.writeInt32LE(e7(south), 106);
  buf.writeInt32LE(e7(east), 110);
  buf.writeInt32LE(e7(north), 114);
  buf.writeUInt8(h.centerZoom, 118);
  buf.writeInt32LE(e7(h.center[0]), 119);
  buf.writeInt32LE(e7(h.center[1]), 123);
  return buf;
}

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

/** Where the tiles come from: their coordinates first, then each tile's bytes (as stored). */
export interface TileReader {
  coordinates(): Iterable<TileCoord>;
  read(tile: TileCoord): Uint8Array;
}

export interface PackOptions {
  tileType: TileTypeCode;
  tileCompression: CompressionCode;
  metadata: Record<string, unknown>;
  /** Defaults to the extent of the tiles at the highest zoom. */
  bounds?: [number, number, number, number];
  center?: [number, number];
  centerZoom?: number;
  /** Only for tests that need leaf directories without a huge tile set. */
  rootLimit?: number;
  leafSize?: number;
}

export interface PackResult {
  bytes: number;
  addressedTiles: number;
  tileEntries: number;
  tileContents: number;
  leafDirectories: number;
  minZoom: number;
  maxZoom: number;
}

const tile2lon = (x: number, z: number): number => (x / 2 ** z) * 360 - 180;
const tile2lat = (y: number, z: number): number => {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
};

/** The geographic extent of the tiles at their highest zoom. */
export function tileBounds(coords: readonly TileCoord[]): [number, number, number, number] {
  const maxZoom = Math.max(...coords.map((c) => c.z));
  const top = coords.filter((c) => c.z === maxZoom);
  const xs = top.map((c) => c.x);
  const ys = top.map((c) => c.y);
  return [
    tile2lon(Math.min(...xs), maxZoom),
    tile2lat(Math.max(...ys) + 1, maxZoom),
    tile2lon(Math.max(...xs) + 1, maxZoom),
    tile2lat(Math.min(...ys), maxZoom),
  ];
}

/**
 * Packs every tile of `reader` into a PMTiles v3 archive at `outPath`. The file appears whole or
 * not at all (written beside it, then renamed), so a server never serves half an archive.
 */
export async function packPmtiles(reader: TileReader, outPath: string, options: PackOptions): Promise<PackResult> {
  const coords = [...reader.coordinates()];
  if (coords.length === 0) throw new Error('packPmtiles expects at least one tile, got none');
  const ordered = coords.map((c) => ({ c, id: zxyToTileId(c.z, c.x, c.y) })).sort((a, b) => a.id - b.id);

  const dataPath = `${outPath}.data.tmp`;
  const partPath = `${outPath}.tmp`;
  const data = createWriteStream(dataPath);
  const entries: DirectoryEntry[] = [];
  const seen = new Map<string, { offset: number; length: number }>();
  let dataLength = 0;
  try {
    for (const { c, id } of ordered) {
      const bytes = reader.read(c);
      const hash = createHash('sha256').update(bytes).digest('base64');
      let place = seen.get(hash);
      if (!place) {
        place = { offset: dataLength, length: bytes.length };
        seen.set(hash, place);
        if (!data.write(bytes)) await once(data, 'drain');
        dataLength += bytes.length;
      }
      const last = entries[entries.length - 1];
      if (last && last.offset === place.offset && last.tileId + last.runLength === id) {
        last.runLength += 1;
      } else {
        entries.push({ tileId: id, offset: place.offset, length: place.length, runLength: 1 });
      }
    }
    data.end();
    await once(data, 'finish');

    const { root, leaves, leafCount } = buildDirectories(entries, options.rootLimit, options.leafSize);
    const metadata = gzipSync(Buffer.from(JSON.stringify(options.metadata), 'utf8'));
    const zooms = coords.map((c) => c.z);
    const minZoom = Math.min(...zooms);
    const maxZoom = Math.max(...zooms);
    const bounds = options.bounds ?? tileBounds(coords);
    const header: ArchiveHeader = {
      rootDirectoryOffset: HEADER_BYTES,
      rootDirectoryLength: root.length,
      jsonMetadataOffset: HEADER_BYTES + root.length,
      jsonMetadataLength: metadata.length,
      leafDirectoryOffset: HEADER_BYTES + root.length + metadata.length,
      leafDirectoryLength: leaves.length,
      tileDataOffset: HEADER_BYTES + root.length + metadata.length + leaves.length,
      tileDataLength: dataLength,
      numAddressedTiles: coords.length,
      numTileEntries: entries.length,
      numTileContents: seen.size,
      clustered: true,
      internalCompression: Compression.Gzip,
      tileCompression: options.tileCompression,
      tileType: options.tileType,
      minZoom,
      maxZoom,
      bounds,
      centerZoom: options.centerZoom ?? Math.min(maxZoom, Math.max(minZoom, 13)),
      center: options.center ?? [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2],
    };

    const out = createWriteStream(partPath);
    out.write(serializeHeader(header));
    out.write(root);
    out.write(metadata);
    out.write(leaves);
    await pipeline(createReadStream(dataPath), out);
    await rename(partPath, outPath);
    return {
      bytes: (await stat(outPath)).size,
      addressedTiles: coords.length,
      tileEntries: entries.length,
      tileContents: seen.size,
      leafDirectories: leafCount,
      minZoom,
      maxZoom,
    };
  } finally {
    // Wait for the stream to let go of its file: an open still in flight would recreate it.
    if (!data.closed) {
      const closed = once(data, 'close');
      data.destroy();
      await closed;
    }
    await rm(dataPath, { force: true });
    await rm(partPath, { force: true });
  }
}

/** Reads the first bytes of a file: enough to check an archive's magic and version. */
export async function readHead(path: string, length = HEADER_BYTES): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, 0);
    return buf;
  } finally {
    await fh.close();
  }
}
