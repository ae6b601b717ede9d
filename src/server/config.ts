/** Server configuration from the environment, with the defaults of the README. */
import path from 'node:path';
import { DEFAULT_RECHECK_DAYS } from '../core/publication.ts';

export interface ServerConfig {
  host: string;
  port: number;
  /** Everything the server keeps: the SQLite file, photos, basemaps. */
  dataDir: string;
  /** The built app (vite build), served as static files; null to serve the API only. */
  distDir: string | null;
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (for rate limits only). */
  trustProxy: boolean;
  logLevel: string;
  /** Days after which a published device is due for "still there?" again (0: every device is due). */
  recheckDays: number;
  /** Photos in S3-compatible object storage (`S3_ENDPOINT` and `S3_BUCKET`), or null: files in DATA_DIR. */
  s3: { endpoint: string; bucket: string } | null;
  /** PostgreSQL (+ PostGIS) shared by several nodes (`DATABASE_URL`, postgres://…), or null: SQLite in DATA_DIR. */
  databaseUrl: string | null;
  /** Rate limits shared by every node through Redis (`REDIS_URL`), or null: in this process's memory. */
  redisUrl: string | null;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got ${JSON.stringify(env.PORT)}`);
  }
  const recheckDays = Number(env.RECHECK_DAYS ?? DEFAULT_RECHECK_DAYS);
  if (!Number.isInteger(recheckDays) || recheckDays < 0) {
    throw new Error(`RECHECK_DAYS must be a whole number of days (0 or more), got ${JSON.stringify(env.RECHECK_DAYS)}`);
  }
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
    throw new Error('DATABASE_URL must be a postgres:// (or postgresql://) URL; leave it unset for SQLite in DATA_DIR');
  }
  if (Boolean(env.S3_ENDPOINT) !== Boolean(env.S3_BUCKET)) {
    throw new Error('S3_ENDPOINT and S3_BUCKET go together: set both (photos in object storage) or neither (photos in DATA_DIR)');
  }
  return {
    recheckDays,
    s3: env.S3_ENDPOINT && env.S3_BUCKET ? { endpoint: env.S3_ENDPOINT, bucket: env.S3_BUCKET } : null,
    redisUrl: env.REDIS_URL || null,
    databaseUrl: env.DATABASE_URL || null,
    host: env.HOST || '127.0.0.1',
    port,
    dataDir: path.resolve(cwd, env.DATA_DIR || 'data'),
    distDir: env.DIST_DIR === '' ? null : path.resolve(cwd, env.DIST_DIR || 'dist'),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL || 'info',
  };
}
