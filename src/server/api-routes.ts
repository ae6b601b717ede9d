/** The sync protocol v1 of DESIGN.md, under /api/v1 (see README.md in this folder for the wire format). */
import { Readable } from 'node:stream';
import { errorCodes, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { sha256Hex } from '../core/observation.ts';
import { ApiError } from './errors.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_CHANGES, batchAnswerBody, batchAnswerStatus, pullQuerySchema } from '../core/wire.ts';
import { BatchReader, type ReadBatch } from './batch-reader.ts';
import { moderationRoutes } from './moderation-routes.ts';
import { optionalCaller, requireDevice } from './request-auth.ts';
import { MAX_PHOTO_BYTES, type PhotoStore } from './photo-store.ts';
import type { Storage } from './storage.ts';

export interface ApiContext {
  storage: Storage;
  photos: PhotoStore;
  /** Days after which a published device is due for "still there?" (0: always). */
  recheckDays: number;
  limits: {
    api: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
    registration: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  };
}

function parseHash(params: unknown): string {
  const parsed = sha256Hex.safeParse((params as { sha256?: unknown }).sha256);
  if (!parsed.success) throw new ApiError(400, 'invalid_body', 'expected a lowercase hex SHA-256 in the path');
  return parsed.data;
}

function parseCursor(query: unknown): { since: number; limit: number } {
  const parsed = pullQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0]);
    throw new ApiError(400, 'invalid_body', `${field}: ${issue.message}, got ${JSON.stringify((query as Record<string, unknown>)[field])}`);
  }
  return parsed.data;
}

export async function apiRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const { storage, photos, limits, recheckDays } = ctx;
  const device = (req: FastifyRequest) => requireDevice(storage, req);
  app.addHook('onRequest', limits.api);

  app.get('/health', async () => ({ ok: true }));

  app.post('/devices', { onRequest: limits.registration }, async (_req, reply) => {
    const { token } = await storage.registerDevice();
    return reply.code(201).send({ token });
  });

  const reader = new BatchReader(storage.publicIdKey());
  app.addHook('onListen', () => reader.start());
  app.addHook('onClose', () => reader.close());
  await app.register(async (batchScope) => {
    // The body is read in a worker thread (batch-reader.ts) as its bytes, refused as Fastify's own
    // JSON parser refuses it (same errors, before the token is looked at).
    batchScope.removeContentTypeParser('application/json');
    batchScope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BATCH_BYTES }, async (_req: FastifyRequest, body: Buffer) => {
      if (body.length === 0) throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
      const read = await reader.read(body);
      if (read === 'invalid_json') throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
      return read;
    });

    batchScope.post('/observations/batch', { bodyLimit: MAX_BATCH_BYTES }, async (req, reply) => {
      const deviceId = await device(req);
      // The parser threw on a body that is not JSON.
      const batch = req.body as Exclude<ReadBatch, 'invalid_json'>;
      if (batch === 'not_a_batch') throw new ApiError(400, 'invalid_body', 'expected { "changes": [ … ] }');
      if (batch.count > MAX_BATCH_CHANGES) {
        throw new ApiError(400, 'too_many_changes', `at most ${MAX_BATCH_CHANGES} changes per batch, got ${batch.count}`);
      }
      // A partly invalid batch is still an answer: the valid changes are applied all the same, so one
      // bad observation never blocks an outbox.
      const results = await storage.applyBatch(deviceId, batch.slices);
      return reply.code(batchAnswerStatus(results)).send(batchAnswerBody(results));
    });
  });

  app.get('/observations', async (req, reply) => {
    const deviceId = await device(req);
    const { since, limit } = parseCursor(req.query);
    return reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(await storage.pullPage(deviceId, since, limit, recheckDays));
  });

  app.get('/observations.geojson', async (_req, reply) => {
    const chunks = async function* () {
      yield '{"type":"FeatureCollection","features":[';
      let first = true;
      for await (const page of storage.published()) {
        const text = page.map((f) => JSON.stringify(f)).join(',');
        yield first ? text : `,${text}`;
        first = false;
      }
      yield ']}';
    };
    return reply
      .type('application/geo+json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(Readable.from(chunks()));
  });

  await moderationRoutes(app, { storage, device });

  await app.register(async (photoScope) => {
    // Photos come as raw bytes; the type is checked from the bytes, not from this header.
    photoScope.removeAllContentTypeParsers();
    photoScope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_req, body, done) => done(null, body));

    photoScope.put('/photos/:sha256', { bodyLimit: MAX_PHOTO_BYTES }, async (req, reply) => {
      const deviceId = await device(req);
      const hash = parseHash(req.params);
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw new ApiError(400, 'invalid_body', 'expected the image bytes as the request body');
      }
      const result = await photos.put(hash, req.body, deviceId);
      return reply.code(result.status === 'stored' ? 201 : 200).send(result);
    });

    photoScope.get('/photos/:sha256', async (req, reply) => {
      const hash = parseHash(req.params);
      const row = await photos.get(hash);
      // A photo not yet public is answered as absent to anyone but its sender and the moderators.
      if (!row || !(await storage.mayReadPhoto(hash, await optionalCaller(storage, req)))) throw new ApiError(404, 'not_found', `no photo ${hash}`);
      return reply
        .type(row.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(await photos.blobs.read(hash));
    });
  });
}
