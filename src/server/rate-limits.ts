/**
 * Rate limits per device token and per address, kept in memory only (the address never reaches
 * the disk or the log), or, with several nodes, in one Redis they share (`REDIS_URL`; keys expire
 * with their window, nothing is persisted by us). Answered with 429, `Retry-After` and our JSON error.
 * A Redis that cannot be reached lets requests through (a limit is a guard, not a gate).
 */
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
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

export async function registerRateLimits(app: FastifyInstance, limits: RateLimits, redis: Redis | null = null): Promise<{
  api: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  registration: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
}> {
  await app.register(rateLimit, redis ? { global: false, redis, nameSpace: 'contrechamp-rl:', skipOnError: true } : { global: false });
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

/** A URL without its password, for messages. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * Connects to the Redis of `REDIS_URL` (redis://[user:password@]host:port[/db]). Throws an Error
 * with a clear message when it cannot be reached at start. Afterwards commands never queue while
 * it is away: the limits then let requests through until it is back.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {
    // Reported through the commands that fail (and let through); ioredis reconnects by itself.
  });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`REDIS_URL: cannot reach Redis at ${withoutPassword(url)} (${(err as Error).message})`, { cause: err });
  }
  return redis;
}
