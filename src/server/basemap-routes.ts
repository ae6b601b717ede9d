/**
 * Serves the offline basemap that `npm run basemap` writes to DATA_DIR/basemap.pmtiles: a small
 * status document, and the archive itself with HTTP range requests (the pmtiles library reads
 * it a directory or a tile at a time), a strong ETag and Last-Modified. Under /api/v1 (paths and
 * status shape in core/wire.ts) so that a missing archive is a 404, never the app shell, and so
 * that the service worker leaves it alone. The first release's /api/basemap paths redirect there.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BASEMAP_ARCHIVE_PATH, BASEMAP_STATUS_PATH, LEGACY_BASEMAP_PATHS, type BasemapStatus, type ErrorBody } from '../core/wire.ts';

export const BASEMAP_FILE = 'basemap.pmtiles';

/** Strong, so pmtiles can tell when the archive was rebuilt between two reads. */
const etagOf = (st: fs.Stats): string => `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;

function statArchive(file: string): fs.Stats | null {
  try {
    const st = fs.statSync(file);
    return st.isFile() ? st : null;
  } catch {
    return null;
  }
}

export type ByteRange = { start: number; end: number };

/**
 * One `bytes=` range against a file of `size` bytes: the range, 'unsatisfiable' (416), or null
 * when the header is absent, malformed or asks for several ranges (then the whole file is sent).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

const missing: ErrorBody = {
  error: { code: 'basemap_missing', message: 'no basemap on this server: run `npm run basemap -- <extract.osm.pbf>`' },
};
const notFound = (reply: FastifyReply) => reply.code(404).send(missing);

export function basemapRoutes(app: FastifyInstance, { dataDir }: { dataDir: string }): void {
  const file = path.join(dataDir, BASEMAP_FILE);

  app.get(BASEMAP_STATUS_PATH, async (_req, reply): Promise<BasemapStatus> => {
    const st = statArchive(file);
    reply.header('cache-control', 'no-cache');
    return st
      ? { available: true, url: BASEMAP_ARCHIVE_PATH, bytes: st.size, etag: etagOf(st), updatedAt: st.mtime.toISOString() }
      : { available: false, url: null, bytes: null, etag: null, updatedAt: null };
  });

  const serve = async (req: FastifyRequest, reply: FastifyReply) => {
    const st = statArchive(file);
    if (!st) return notFound(reply);
    const etag = etagOf(st);
    reply
      .header('accept-ranges', 'bytes')
      .header('etag', etag)
      .header('last-modified', st.mtime.toUTCString())
      .header('content-type', 'application/vnd.pmtiles')
      // Revalidate every time: a rebuilt archive must never be mixed with cached pieces of the old one.
      .header('cache-control', 'no-cache');

    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    const fresh = ifNoneMatch
      ? ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')
      : ifModifiedSince
        ? Math.floor(st.mtimeMs / 1000) <= Math.floor(Date.parse(ifModifiedSince) / 1000)
        : false;
    if (fresh) return reply.code(304).send();

    // If-Range: a range only if the client's copy is the current archive, else the whole of it.
    const ifRange = req.headers['if-range'];
    const rangeHeader = ifRange && ifRange !== etag && ifRange !== st.mtime.toUTCString() ? undefined : req.headers.range;
    const range = parseRange(rangeHeader, st.size);
    if (range === 'unsatisfiable') {
      return reply.code(416).header('content-range', `bytes */${st.size}`).send();
    }
    const { start, end } = range ?? { start: 0, end: st.size - 1 };
    reply.header('content-length', String(end - start + 1));
    if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${st.size}`);
    if (st.size === 0) return reply.send();
    return reply.send(fs.createReadStream(file, { start, end }));
  };

  app.get(BASEMAP_ARCHIVE_PATH, serve);
  // 308 keeps the method and the Range header: an app loaded before the move still reads its tiles.
  app.get(LEGACY_BASEMAP_PATHS.status, async (_req, reply) => reply.redirect(BASEMAP_STATUS_PATH, 308));
  app.get(LEGACY_BASEMAP_PATHS.archive, async (_req, reply) => reply.redirect(BASEMAP_ARCHIVE_PATH, 308));
  // Fastify answers HEAD for GET routes by itself (exposeHeadRoutes), with the same headers.
}
