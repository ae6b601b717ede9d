/**
 * OGC API – Features, Part 1: Core (OGC 17-069r4) with the GeoJSON encoding, at /api/ogc: one
 * collection `devices`, the public devices standing now (published); removed ones only with
 * `status=removed` (or `status=published,removed`). Query parameters: `bbox` (CRS84
 * minLon,minLat,maxLon,maxLat; §7.15.3), `limit` (1–10,000, default 1,000; §7.15.4), `offset`
 * (paging, reached through the `next`/`prev` links), `kind` (comma-separated kinds of the taxonomy).
 * Bad input answers 400 (404 for an unknown collection or feature) with the OGC exception JSON
 * `{ code, description }` (exception.yaml of the standard). Every document carries the ODbL
 * licence link and the attribution.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KINDS, type Kind } from '../core/taxonomy.ts';
import { OPEN_DATA_LICENSE, PUBLIC_STATUSES, type PublicStatus } from '../core/public-device.ts';
import type { PublicEntry, PublicSet } from './public-set.ts';

export const OGC_MAX_LIMIT = 10_000;
export const OGC_DEFAULT_LIMIT = 1_000;
const COLLECTION = 'devices';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];
const ITEM_PARAMS = new Set(['bbox', 'limit', 'offset', 'kind', 'status', 'f']);

class OgcError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ItemQuery {
  bbox: [number, number, number, number] | null;
  limit: number;
  offset: number;
  kinds: Set<Kind> | null;
  statuses: Set<PublicStatus>;
}

const single = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new OgcError(400, 'InvalidParameterValue', `${name}: expected one value`);
  return value;
};

function parseBbox(text: string): [number, number, number, number] {
  const parts = text.split(',');
  const numbers = parts.map((p) => (/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(p) ? Number(p) : NaN));
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n))) {
    throw new OgcError(400, 'InvalidParameterValue', `bbox: expected four numbers minLon,minLat,maxLon,maxLat, got ${JSON.stringify(text)}`);
  }
  const [w, s, e, n] = numbers as [number, number, number, number];
  if (s < -90 || s > 90 || n < -90 || n > 90 || s > n) {
    throw new OgcError(400, 'InvalidParameterValue', `bbox: latitudes must lie in -90..90 with min ≤ max, got ${s} and ${n}`);
  }
  if (w < -180 || w > 180 || e < -180 || e > 180) {
    throw new OgcError(400, 'InvalidParameterValue', `bbox: longitudes must lie in -180..180, got ${w} and ${e}`);
  }
  return [w, s, e, n];
}

function parseCount(text: string, name: string, min: number, max: number): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new OgcError(400, 'InvalidParameterValue', `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function parseList<T extends string>(text: string, allowed: readonly T[], name: string): Set<T> {
  const values = text.split(',').map((v) => v.trim());
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length) throw new OgcError(400, 'InvalidParameterValue', `${name}: unknown value ${bad.join(', ')}; expected ${allowed.join(', ')}`);
  return new Set(values as T[]);
}

/** The items query of §7.15, validated; throws an OgcError (400) on any bad or unknown parameter. */
export function parseItemQuery(query: Record<string, unknown>): ItemQuery {
  const unknown = Object.keys(query).filter((k) => !ITEM_PARAMS.has(k));
  if (unknown.length) throw new OgcError(400, 'InvalidParameterValue', `unknown query parameter ${unknown.join(', ')}`);
  const bbox = single(query.bbox, 'bbox');
  const limit = single(query.limit, 'limit');
  const offset = single(query.offset, 'offset');
  const kind = single(query.kind, 'kind');
  const status = single(query.status, 'status');
  const f = single(query.f, 'f');
  if (f !== undefined && f !== 'json' && f !== 'geojson') throw new OgcError(400, 'InvalidParameterValue', `f: only json is served, got ${JSON.stringify(f)}`);
  return {
    bbox: bbox === undefined ? null : parseBbox(bbox),
    limit: limit === undefined ? OGC_DEFAULT_LIMIT : parseCount(limit, 'limit', 1, OGC_MAX_LIMIT),
    offset: offset === undefined ? 0 : parseCount(offset, 'offset', 0, 999_999_999),
    kinds: kind === undefined ? null : parseList(kind, KINDS, 'kind'),
    statuses: status === undefined ? new Set(['published']) : parseList(status, PUBLIC_STATUSES, 'status'),
  };
}

function inBox(e: PublicEntry, [w, s, east, n]: [number, number, number, number]): boolean {
  if (e.lat < s || e.lat > n) return false;
  // A box whose west edge lies east of its east edge crosses the antimeridian (§7.15.3).
  return w <= east ? e.lon >= w && e.lon <= east : e.lon >= w || e.lon <= east;
}

/** The entries an items query matches, in public id order. */
export function matchItems(entries: readonly PublicEntry[], q: ItemQuery): PublicEntry[] {
  return entries.filter((e) => q.statuses.has(e.status) && (!q.kinds || q.kinds.has(e.feature.properties.kind)) && (!q.bbox || inBox(e, q.bbox)));
}

const LICENSE_LINK = { href: OPEN_DATA_LICENSE.url, rel: 'license', type: 'text/html', title: OPEN_DATA_LICENSE.title };

function extentOf(entries: readonly PublicEntry[]): [number, number, number, number] {
  if (!entries.length) return [4.24, 50.76, 4.48, 50.92]; // the Region, when nothing is public yet
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const e of entries) {
    box[0] = Math.min(box[0], e.lon);
    box[1] = Math.min(box[1], e.lat);
    box[2] = Math.max(box[2], e.lon);
    box[3] = Math.max(box[3], e.lat);
  }
  return box;
}

export async function ogcRoutes(
  app: FastifyInstance,
  ctx: { publicSet: PublicSet; limit: (req: FastifyRequest, reply: FastifyReply) => Promise<void> },
): Promise<void> {
  const { publicSet } = ctx;
  app.addHook('onRequest', ctx.limit);
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof OgcError) return reply.code(err.statusCode).type('application/json').send({ code: err.code, description: err.message });
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    return reply.code(status).type('application/json').send({ code: status >= 500 ? 'ServerError' : 'InvalidRequest', description: status >= 500 ? 'internal server error' : String((err as Error).message) });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).type('application/json').send({ code: 'NotFound', description: `no resource ${req.url.split('?')[0]}` }),
  );

  const base = (req: FastifyRequest): string => `${req.protocol}://${req.host}/api/ogc`;
  const json = (reply: FastifyReply, body: unknown, type = 'application/json') =>
    reply.type(`${type}; charset=utf-8`).header('cache-control', 'no-cache').send(body);

  const collection = async (req: FastifyRequest) => {
    const b = base(req);
    return {
      id: COLLECTION,
      title: 'Surveillance devices in the Brussels-Capital Region',
      description: `Devices mapped by the Contrechamp collective and published by its moderators, standing now; removed ones with status=removed. ${OPEN_DATA_LICENSE.attribution}.`,
      attribution: OPEN_DATA_LICENSE.attribution,
      license: OPEN_DATA_LICENSE.name,
      itemType: 'feature',
      crs: [CRS84],
      extent: { spatial: { bbox: [extentOf(await publicSet.all())], crs: CRS84 } },
      links: [
        { href: `${b}/collections/${COLLECTION}`, rel: 'self', type: 'application/json', title: 'this collection' },
        { href: `${b}/collections/${COLLECTION}/items`, rel: 'items', type: 'application/geo+json', title: 'the devices' },
        LICENSE_LINK,
      ],
    };
  };

  app.get('/', async (req, reply) => {
    const b = base(req);
    return json(reply, {
      title: 'Contrechamp open data',
      description: `OGC API – Features of the surveillance devices mapped in Brussels. ${OPEN_DATA_LICENSE.attribution}.`,
      attribution: OPEN_DATA_LICENSE.attribution,
      links: [
        { href: `${b}/`, rel: 'self', type: 'application/json', title: 'this document' },
        { href: `${b}/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' },
        { href: `${req.protocol}://${req.host}/explore/`, rel: 'service-doc', type: 'text/html', title: 'the public map' },
        { href: `${b}/conformance`, rel: 'conformance', type: 'application/json', title: 'conformance classes' },
        { href: `${b}/collections`, rel: 'data', type: 'application/json', title: 'the collections' },
        LICENSE_LINK,
      ],
    });
  });

  app.get('/api', async (req, reply) =>
    json(
      reply,
      {
        openapi: '3.0.3',
        info: { title: 'Contrechamp OGC API – Features', version: '1.0.0', license: { name: OPEN_DATA_LICENSE.name, url: OPEN_DATA_LICENSE.url } },
        servers: [{ url: base(req) }],
        paths: Object.fromEntries(
          ['/', '/conformance', '/collections', `/collections/${COLLECTION}`, `/collections/${COLLECTION}/items`, `/collections/${COLLECTION}/items/{featureId}`].map((p) => [
            p,
            { get: { responses: { '200': { description: 'OK' }, '400': { description: 'bad query' }, '404': { description: 'not found' } } } },
          ]),
        ),
      },
      'application/vnd.oai.openapi+json;version=3.0',
    ),
  );

  app.get('/conformance', async (_req, reply) => json(reply, { conformsTo: CONFORMANCE }));

  app.get('/collections', async (req, reply) => {
    const b = base(req);
    return json(reply, {
      links: [{ href: `${b}/collections`, rel: 'self', type: 'application/json', title: 'this document' }, LICENSE_LINK],
      collections: [await collection(req)],
    });
  });

  const requireCollection = (params: unknown): void => {
    const id = (params as { collectionId?: string }).collectionId;
    if (id !== COLLECTION) throw new OgcError(404, 'NotFound', `no collection ${JSON.stringify(id)}; the one collection is "${COLLECTION}"`);
  };

  app.get('/collections/:collectionId', async (req, reply) => {
    requireCollection(req.params);
    return json(reply, await collection(req));
  });

  app.get('/collections/:collectionId/items', async (req, reply) => {
    requireCollection(req.params);
    const query = req.query as Record<string, unknown>;
    const q = parseItemQuery(query);
    const matched = matchItems(await publicSet.all(), q);
    const page = matched.slice(q.offset, q.offset + q.limit);
    const itemsUrl = `${base(req)}/collections/${COLLECTION}/items`;
    const link = (offset: number, rel: string) => {
      const params = new URLSearchParams(query as Record<string, string>);
      params.set('offset', String(offset));
      params.set('limit', String(q.limit));
      return { href: `${itemsUrl}?${params}`, rel, type: 'application/geo+json', title: `${rel} page` };
    };
    const links = [link(q.offset, 'self')];
    if (q.offset + q.limit < matched.length) links.push(link(q.offset + q.limit, 'next'));
    if (q.offset > 0) links.push(link(Math.max(0, q.offset - q.limit), 'prev'));
    links.push({ href: `${base(req)}/collections/${COLLECTION}`, rel: 'collection', type: 'application/json', title: 'the collection' }, { ...LICENSE_LINK, type: 'text/html' });
    return json(
      reply,
      {
        type: 'FeatureCollection',
        attribution: OPEN_DATA_LICENSE.attribution,
        license: OPEN_DATA_LICENSE.name,
        timeStamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        numberMatched: matched.length,
        numberReturned: page.length,
        features: page.map((e) => e.feature),
        links,
      },
      'application/geo+json',
    );
  });

  app.get('/collections/:collectionId/items/:featureId', async (req, reply) => {
    requireCollection(req.params);
    const id = (req.params as { featureId: string }).featureId;
    const entry = (await publicSet.all()).find((e) => e.feature.properties.id === id);
    if (!entry) throw new OgcError(404, 'NotFound', `no public device ${JSON.stringify(id)}`);
    return json(
      reply,
      {
        ...entry.feature,
        links: [
          { href: `${base(req)}/collections/${COLLECTION}/items/${encodeURIComponent(id)}`, rel: 'self', type: 'application/geo+json', title: 'this device' },
          { href: `${base(req)}/collections/${COLLECTION}`, rel: 'collection', type: 'application/json', title: 'the collection' },
          LICENSE_LINK,
        ],
      },
      'application/geo+json',
    );
  });
}
