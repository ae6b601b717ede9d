/**
 * Rate limits per device token and per address, kept in memory only (the address never reaches
 * the disk or the log). Answered with 429, `Retry-After` and our JSON error.
 */
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';
import { bearerToken } from './tokens.ts';

export interface Limit {
  max: number;
  timeWindowMs: number;
}

export interface RateLimits {
  /** Every /api request from one address (a group walk behind one NAT shares it: keep it generous). */
  perAddress: Limit;
  /** Every /api request bearing one token. */
  perToken: Limit;
  /** Device registrations from one address. */
  registrations: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perAddress: { max: 1200, timeWindowMs: 60_000 },
  perToken: { max: 300, timeWindowMs: 60_000 },
  registrations: { max: 30, timeWindowMs: 3_600_000 },
};

type Check = (req: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }>;

/** The key of a token in memory: its hash, so the store never holds a usable token. */
const tokenKey = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<{
  api: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  registration: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
}> {
  await app.register(rateLimit, { global: false });
  const make = (limit: Limit, name: string, key: (req: FastifyRequest) => string | null): Check => {
    const check = app.createRateLimit({
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      keyGenerator: (req) => `${name}:${key(req) ?? ''}`,
      allowList: (req) => key(req) === null,
    });
    return check as Check;
  };
  const byAddress = make(limits.perAddress, 'addr', (req) => req.ip);
  const byToken = make(limits.perToken, 'token', (req) => {
    const token = bearerToken(req.headers.authorization);
    return token ? tokenKey(token) : null;
  });
  const registrations = make(limits.registrations, 'reg', (req) => req.ip);

  const enforce = async (checks: Check[], req: FastifyRequest, reply: FastifyReply) => {
    for (const check of checks) {
      const r = await check(req);
      if (!r.isAllowed && r.isExceeded) {
        reply.header('retry-after', String(Math.max(1, r.ttlInSeconds)));
        throw new ApiError(429, 'rate_limited', `too many requests; retry in ${r.ttlInSeconds} s`);
      }
    }
  };
  return {
    api: (req, reply) => enforce([byAddress, byToken], req, reply),
    registration: (req, reply) => enforce([registrations], req, reply),
  };
}
