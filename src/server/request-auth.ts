/** Who is calling: the device or moderator token of a request (`Authorization: Bearer <token>`). */
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';
import type { PhotoReader, Storage } from './storage.ts';
import { bearerToken } from './tokens.ts';

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
export async function requireDevice(storage: Storage, req: FastifyRequest): Promise<number> {
  const device = await storage.deviceForToken(requireToken(req, 'device'));
  if (device === null) throw new ApiError(401, 'unauthorized', 'unknown device token; register again with POST /api/v1/devices');
  if (device.blocked) throw new ApiError(403, 'device_blocked', 'this device was blocked by the collective\'s moderators');
  return device.id;
}

/** The moderator of a request: 401 without a token or with an unknown one, 403 with a device token. */
export async function requireModerator(storage: Storage, req: FastifyRequest): Promise<string> {
  const token = requireToken(req, 'moderator');
  const name = await storage.moderatorForToken(token);
  if (name !== null) return name;
  if ((await storage.deviceForToken(token)) !== null) throw new ApiError(403, 'forbidden', 'a device token cannot moderate; use a moderator token');
  throw new ApiError(401, 'unauthorized', 'unknown moderator token (npm run server -- moderator add <name>)');
}

/** Who calls, if anyone says: a device (not blocked) or a moderator; nobody for no or an unknown token. */
export async function optionalCaller(storage: Storage, req: FastifyRequest): Promise<PhotoReader> {
  const token = bearerToken(req.headers.authorization);
  if (!token) return { deviceId: null, moderator: false };
  if ((await storage.moderatorForToken(token)) !== null) return { deviceId: null, moderator: true };
  const device = await storage.deviceForToken(token);
  return { deviceId: device && !device.blocked ? device.id : null, moderator: false };
}
