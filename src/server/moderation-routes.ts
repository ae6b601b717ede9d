/**
 * The moderation endpoints (moderator token) and the walkers' confirmations (device token) under
 * /api/v1; README.md in this folder documents them. Every body is validated by the schemas of
 * core/wire.ts; a refusal changes nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from '../core/zod.ts';
import { confirmationBatchSchema, decisionBatchSchema } from '../core/wire.ts';
import { ApiError } from './errors.ts';
import { requireModerator } from './request-auth.ts';
import type { Storage } from './storage.ts';

export const QUEUE_PAGE = 50;
const MAX_QUEUE_PAGE = 200;

export interface ModerationContext {
  storage: Storage;
  device: (req: FastifyRequest) => Promise<number>;
}

function parseBody<T>(schema: z.ZodMiniType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ApiError(400, 'invalid_body', message);
  }
  return parsed.data;
}

function parseCount(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value) || Number(value) > max) {
    throw new ApiError(400, 'invalid_body', `${name}: expected an integer from 0 to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

export async function moderationRoutes(app: FastifyInstance, ctx: ModerationContext): Promise<void> {
  const { storage, device } = ctx;
  const moderator = (req: FastifyRequest) => requireModerator(storage, req);

  app.get('/moderation/queue', async (req, reply) => {
    await moderator(req);
    const q = req.query as Record<string, unknown>;
    const limit = Math.max(1, parseCount(q.limit, 'limit', QUEUE_PAGE, MAX_QUEUE_PAGE));
    const after = parseCount(q.after, 'after', 0, Number.MAX_SAFE_INTEGER);
    return reply.header('cache-control', 'no-store').send(await storage.queue(limit, after));
  });

  app.post('/moderation/decisions', async (req, reply) => {
    const name = await moderator(req);
    const { decisions } = parseBody(decisionBatchSchema, req.body);
    return reply.send({ results: await storage.decide(name, decisions) });
  });

  app.post('/moderation/block', async (req, reply) => {
    const name = await moderator(req);
    const body = req.body as { id?: unknown } | null;
    if (!body || typeof body.id !== 'string' || !body.id) throw new ApiError(400, 'invalid_body', 'expected { "id": "<an observation of the device to block>" }');
    return reply.send(await storage.block(name, body.id));
  });

  app.get('/moderation/gone', async (req, reply) => {
    await moderator(req);
    return reply.header('cache-control', 'no-store').send({ items: await storage.goneReports() });
  });

  app.get('/moderation/log', async (req, reply) => {
    await moderator(req);
    const q = req.query as Record<string, unknown>;
    const limit = Math.max(1, parseCount(q.limit, 'limit', 100, 1000));
    const before = parseCount(q.before, 'before', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    return reply.header('cache-control', 'no-store').send({ entries: await storage.auditLog(limit, before) });
  });

  app.post('/confirmations', async (req, reply) => {
    const deviceId = await device(req);
    const { confirmations } = parseBody(confirmationBatchSchema, req.body);
    return reply.send({ results: await storage.confirm(deviceId, confirmations) });
  });
}
