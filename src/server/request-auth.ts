/** Who is calling: the device or moderator token of a request (`Authorization: Bearer <token>`). */
import type { FastifyRequest } from 'fastify';
import type { Db } from './db.ts';
import { ApiError } from './errors.ts';
import type { ModerationStore } from './moderation-store.ts';
import { bearerToken, deviceIdForToken, moderatorForToken } from './tokens.ts';

/** The bearer token of a request; 401 when absent or malformed. */
export function requireToken(req: FastifyRequest, what: string): string {
  const header = req.headers.authorization;
  const token = bearerToken(header);
  if (!token) {
    throw new ApiError(401, 'unauthorized', header ? 'malformed Authorization header; expected "Bearer <token>"' : `missing ${what} token (Authorization: Bearer <token>)`);
  }
  return token;
}

/** The device of a request: 401 for an unknown token, 403 device_blocked once a moderator blocked it. */
export function requireDevice(db: Db, moderation: ModerationStore, req: FastifyRequest): number {
  const id = deviceIdForToken(db, requireToken(req, 'device'));
  if (id === null) throw new ApiError(401, 'unauthorized', 'unknown device token; register again with POST /api/v1/devices');
  if (moderation.isBlocked(id)) throw new ApiError(403, 'device_blocked', 'this device was blocked by the collective\'s moderators');
  return id;
}

/** The moderator of a request: 401 without a token or with an unknown one, 403 with a device token. */
export function requireModerator(db: Db, req: FastifyRequest): string {
  const token = requireToken(req, 'moderator');
  const name = moderatorForToken(db, token);
  if (name !== null) return name;
  if (deviceIdForToken(db, token) !== null) throw new ApiError(403, 'forbidden', 'a device token cannot moderate; use a moderator token');
  throw new ApiError(401, 'unauthorized', 'unknown moderator token (npm run server -- moderator add <name>)');
}
