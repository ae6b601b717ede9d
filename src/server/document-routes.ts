/**
 * Documents (README.md in this folder): moderators attach them (`POST /moderation/documents`,
 * moderator token); anyone reads them (`GET /documents`, optionally `?target=device|operator|commune&id=…`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DOCUMENT_TARGETS, documentInputSchema, type DocumentTarget } from '../core/documents.ts';
import { ApiError } from './errors.ts';
import { requireModerator } from './request-auth.ts';
import type { Storage } from './storage.ts';

export async function documentRoutes(
  app: FastifyInstance,
  ctx: { storage: Storage; limit: (req: FastifyRequest, reply: FastifyReply) => Promise<void> },
): Promise<void> {
  app.addHook('onRequest', ctx.limit);

  app.post('/moderation/documents', async (req, reply) => {
    const moderator = await requireModerator(ctx.storage, req);
    const parsed = documentInputSchema.safeParse(req.body);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new ApiError(400, 'invalid_body', message);
    }
    return reply.code(201).send({ id: await ctx.storage.addDocument(parsed.data, moderator) });
  });

  app.get('/documents', async (req, reply) => {
    const { target, id } = req.query as { target?: unknown; id?: unknown };
    if (target !== undefined && !(DOCUMENT_TARGETS as readonly unknown[]).includes(target)) {
      throw new ApiError(400, 'invalid_body', `target: expected one of ${DOCUMENT_TARGETS.join(', ')}`);
    }
    if ((target === undefined) !== (id === undefined) || (id !== undefined && (typeof id !== 'string' || id === ''))) {
      throw new ApiError(400, 'invalid_body', 'expected both target and id, or neither');
    }
    const documents = await ctx.storage.documents(target ? { target: target as DocumentTarget, targetId: id as string } : undefined);
    return reply.header('cache-control', 'no-cache').send({ documents });
  });
}
