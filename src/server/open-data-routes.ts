/**
 * Open data beside the GeoJSON feed, under /api/v1: the feed as CSV (`observations.csv`), Atom
 * feeds of what changed (`changes.atom` for the Region, `communes/<NIS>/changes.atom` per commune),
 * and the public map's compact feed (`map.json`, core/map-feed.ts).
 * All read the public set (public-set.ts); the licence travels in a `Link: rel="license"` header
 * and, for Atom, in the feed itself.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { communeByNis } from '../core/communes.ts';
import { encodeAtom } from '../core/codecs/atom.ts';
import { encodeMapFeed } from '../core/map-feed.ts';
import { publicCsvHeader, publicCsvLine } from '../core/codecs/public-csv.ts';
import { OPEN_DATA_LICENSE } from '../core/public-device.ts';
import { ApiError } from './errors.ts';
import type { PublicEntry, PublicSet } from './public-set.ts';

const LICENSE_HEADER = `<${OPEN_DATA_LICENSE.url}>; rel="license"`;

export async function openDataRoutes(
  app: FastifyInstance,
  ctx: { publicSet: PublicSet; limit: (req: FastifyRequest, reply: FastifyReply) => Promise<void> },
): Promise<void> {
  const { publicSet } = ctx;
  app.addHook('onRequest', ctx.limit);
  const origin = (req: FastifyRequest): string => `${req.protocol}://${req.host}`;

  app.get('/observations.csv', async (_req, reply) => {
    const entries = await publicSet.all();
    function* lines() {
      yield publicCsvHeader();
      for (const e of entries) yield publicCsvLine(e.feature, e.commune);
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'inline; filename="contrechamp-devices.csv"')
      .header('link', LICENSE_HEADER)
      .header('cache-control', 'no-cache')
      .send(Readable.from(lines()));
  });

  // The map feed changes with the public set and, for its freshness flags, with the day: kept until either moves.
  let mapFeed: { entries: readonly PublicEntry[]; day: string; body: string } | null = null;
  app.get('/map.json', async (_req, reply) => {
    const entries = await publicSet.all();
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    if (mapFeed?.entries !== entries || mapFeed.day !== day) {
      mapFeed = { entries, day, body: JSON.stringify(encodeMapFeed(entries, now)) };
    }
    return reply.type('application/json; charset=utf-8').header('link', LICENSE_HEADER).header('cache-control', 'no-cache').send(mapFeed.body);
  });

  const atom = (reply: FastifyReply, entries: readonly PublicEntry[], self: string, site: string, title: string) =>
    reply
      .type('application/atom+xml; charset=utf-8')
      .header('link', LICENSE_HEADER)
      .header('cache-control', 'no-cache')
      .send(encodeAtom(entries.map((e) => e.feature), { self, site, title }));

  app.get('/changes.atom', async (req, reply) =>
    atom(reply, await publicSet.all(), `${origin(req)}/api/v1/changes.atom`, `${origin(req)}/explore/`, 'Contrechamp: the Brussels-Capital Region'),
  );

  app.get('/communes/:nis/changes.atom', async (req, reply) => {
    const nis = (req.params as { nis: string }).nis;
    const commune = communeByNis(nis);
    if (!commune) throw new ApiError(404, 'not_found', `no commune with NIS code ${JSON.stringify(nis)} in the Region`);
    const { name_fr, name_nl } = commune.properties;
    const title = `Contrechamp: ${name_fr === name_nl ? name_fr : `${name_fr} / ${name_nl}`}`;
    return atom(reply, (await publicSet.all()).filter((e) => e.commune === nis), `${origin(req)}/api/v1/communes/${nis}/changes.atom`, `${origin(req)}/explore/`, title);
  });
}
