import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PMTiles } from 'pmtiles';
import { BASEMAP_ARCHIVE_PATH, BASEMAP_STATUS_PATH, LEGACY_BASEMAP_PATHS, basemapStatusSchema } from '../../../src/core/wire.ts';
import { BASEMAP_FILE, basemapRoutes, parseRange } from '../../../src/server/basemap-routes.ts';
import { Compression, TileType, packPmtiles } from '../../../scripts/basemap/pmtiles-writer.ts';

let dataDir = '';
let app: FastifyInstance;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'basemap-routes-'));
  app = Fastify();
  basemapRoutes(app, { dataDir });
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

const BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
async function putArchive(bytes = BYTES) {
  const file = join(dataDir, BASEMAP_FILE);
  await writeFile(file, bytes);
  await utimes(file, new Date('2026-11-01T12:00:00Z'), new Date('2026-11-01T12:00:00Z'));
}

describe('parseRange', () => {
  it('reads the three forms of a single byte range and refuses what cannot be served', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=1000-1001', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 1000)).toBe('unsatisfiable');
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange('bytes=0-1,5-9', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
  });
});

describe('basemapRoutes', () => {
  it('says there is no basemap, and answers 404 for the archive (never the app shell)', async () => {
    const status = await app.inject({ url: BASEMAP_STATUS_PATH });
    expect(status.json()).toMatchObject({ available: false, url: null });
    const archive = await app.inject({ url: BASEMAP_ARCHIVE_PATH });
    expect(archive.statusCode).toBe(404);
    expect(archive.json().error.code).toBe('basemap_missing');
  });

  it('lives under /api/v1, answers the status shape of the wire format, and redirects the first release\'s paths there', async () => {
    await putArchive();
    expect(BASEMAP_STATUS_PATH.startsWith('/api/v1/')).toBe(true);
    expect(basemapStatusSchema.parse((await app.inject({ url: BASEMAP_STATUS_PATH })).json()).available).toBe(true);
    const oldStatus = await app.inject({ url: LEGACY_BASEMAP_PATHS.status });
    expect(oldStatus.statusCode).toBe(308);
    expect(oldStatus.headers.location).toBe(BASEMAP_STATUS_PATH);
    const oldArchive = await app.inject({ url: LEGACY_BASEMAP_PATHS.archive, headers: { range: 'bytes=0-9' } });
    expect(oldArchive.statusCode).toBe(308);
    expect(oldArchive.headers.location).toBe(BASEMAP_ARCHIVE_PATH);
  });

  it('serves the whole archive with its validators, and byte ranges as 206', async () => {
    await putArchive();
    const status = (await app.inject({ url: BASEMAP_STATUS_PATH })).json();
    expect(status).toMatchObject({ available: true, url: BASEMAP_ARCHIVE_PATH, bytes: 1000, updatedAt: '2026-11-01T12:00:00.000Z' });

    const whole = await app.inject({ url: BASEMAP_ARCHIVE_PATH });
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(BYTES)).toBe(true);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['last-modified']).toBe('Sun, 01 Nov 2026 12:00:00 GMT');
    const etag = whole.headers['etag'] as string;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(status.etag).toBe(etag);

    const part = await app.inject({ url: BASEMAP_ARCHIVE_PATH, headers: { range: 'bytes=10-19' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 10-19/1000');
    expect(part.headers['content-length']).toBe('10');
    expect(part.rawPayload.equals(BYTES.subarray(10, 20))).toBe(true);

    const tooFar = await app.inject({ url: BASEMAP_ARCHIVE_PATH, headers: { range: 'bytes=2000-' } });
    expect(tooFar.statusCode).toBe(416);
    expect(tooFar.headers['content-range']).toBe('bytes */1000');

    const head = await app.inject({ method: 'HEAD', url: BASEMAP_ARCHIVE_PATH });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('1000');
  });

  it('answers 304 to a matching ETag or date, and sends it all when If-Range is stale', async () => {
    await putArchive();
    const etag = (await app.inject({ url: BASEMAP_ARCHIVE_PATH })).headers['etag'] as string;
    expect((await app.inject({ url: BASEMAP_ARCHIVE_PATH, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    expect((await app.inject({ url: BASEMAP_ARCHIVE_PATH, headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200);
    const since = { 'if-modified-since': 'Sun, 01 Nov 2026 12:00:00 GMT' };
    expect((await app.inject({ url: BASEMAP_ARCHIVE_PATH, headers: since })).statusCode).toBe(304);
    const stale = await app.inject({ url: BASEMAP_ARCHIVE_PATH, headers: { range: 'bytes=0-9', 'if-range': '"old"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(1000);
    const current = await app.inject({ url: BASEMAP_ARCHIVE_PATH, headers: { range: 'bytes=0-9', 'if-range': etag } });
    expect(current.statusCode).toBe(206);
  });

  it('changes its ETag when the archive is rebuilt', async () => {
    await putArchive();
    const before = (await app.inject({ url: BASEMAP_STATUS_PATH })).json().etag;
    await putArchive(Buffer.concat([BYTES, BYTES]));
    const after = (await app.inject({ url: BASEMAP_STATUS_PATH })).json().etag;
    expect(after).not.toBe(before);
  });

  it('is read over HTTP by the pmtiles library, tile for tile', async () => {
    const tiles = new Map([
      ['0/0/0', Buffer.from('world')],
      ['1/1/0', Buffer.from('north-east')],
    ]);
    await packPmtiles(
      {
        coordinates: () => [...tiles.keys()].map((k) => {
          const [z, x, y] = k.split('/').map(Number) as [number, number, number];
          return { z, x, y };
        }),
        read: ({ z, x, y }) => tiles.get(`${z}/${x}/${y}`)!,
      },
      join(dataDir, BASEMAP_FILE),
      { tileType: TileType.Mvt, tileCompression: Compression.None, metadata: { name: 'http' } },
    );
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const archive = new PMTiles(`${address}${BASEMAP_ARCHIVE_PATH}`);
    expect(new TextDecoder().decode((await archive.getZxy(1, 1, 0))!.data)).toBe('north-east');
    expect(new TextDecoder().decode((await archive.getZxy(0, 0, 0))!.data)).toBe('world');
    expect(await archive.getMetadata()).toEqual({ name: 'http' });
    expect((await archive.getHeader()).etag).toMatch(/^"/);
  });
});
