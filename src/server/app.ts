/** Builds the Fastify server: security headers, the /api/v1 protocol, optional plugins, the built app. */
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { DEFAULT_RECHECK_DAYS } from '../core/publication.ts';
import { API_PREFIX } from '../core/wire.ts';
import { apiRoutes } from './api-routes.ts';
import type { Db } from './db.ts';
import { ApiError, toErrorBody } from './errors.ts';
import { loggerOptions } from './logging.ts';
import type { BatchOptions } from './observation-store.ts';
import { documentRoutes } from './document-routes.ts';
import { ogcRoutes } from './ogc-routes.ts';
import { openDataRoutes } from './open-data-routes.ts';
import { registerOptionalRoutes } from './optional-routes.ts';
import { photoBlobsFor, type PhotoBlobs } from './photo-blobs.ts';
import { PhotoStore } from './photo-store.ts';
import { PublicSet } from './public-set.ts';
import { DEFAULT_RATE_LIMITS, connectRedis, registerRateLimits, type RateLimits } from './rate-limits.ts';
import { openStorage } from './open-storage.ts';
import { SqliteStorage } from './sqlite-storage.ts';
import type { Storage } from './storage.ts';
import { REVALIDATE, hasBuiltApp, staticRoutes } from './static-routes.ts';

export interface BuildOptions {
  dataDir: string;
  distDir: string | null;
  logLevel?: string;
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  trustProxy?: boolean;
  rateLimits?: Partial<RateLimits>;
  batch?: BatchOptions;
  /** Days after which a published device is due for "still there?" (0: always); default 365. */
  recheckDays?: number;
  /** Photos in S3-compatible object storage; files in DATA_DIR when absent. */
  s3?: { endpoint: string; bucket: string } | null;
  /** Rate limits through this Redis; in memory when absent. */
  redisUrl?: string | null;
  /** PostgreSQL + PostGIS (postgres://…); SQLite in dataDir when absent. */
  databaseUrl?: string | null;
}

export interface Server {
  app: FastifyInstance;
  storage: Storage;
  /** The SQLite database when it is the storage (no DATABASE_URL), else null. */
  db: Db | null;
  plugins: string[];
  servesApp: boolean;
  /** Where photo bytes live (a folder or an S3 bucket URL). */
  photosAt: string;
}

/**
 * The CSP of the privacy rules: our origin only. MapLibre may run workers from blob: URLs and
 * draws images from data:/blob: URLs. Styles come from our CSS files only: MapLibre and Preact set
 * styles through the CSSOM (element.style), which CSP allows; a `style="…"` attribute inside an
 * HTML string would be refused. zod probes for `new Function` once (a reported, harmless refusal).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  childSrc: ["'self'", 'blob:'],
  imgSrc: ["'self'", 'data:', 'blob:'],
  styleSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Plain http on 127.0.0.1 must keep working: do not rewrite its URLs to https.
  upgradeInsecureRequests: null,
};

export async function buildServer(options: BuildOptions): Promise<Server> {
  const redis = options.redisUrl ? await connectRedis(options.redisUrl) : null;
  const storage: Storage = await openStorage(options, options.batch);
  const blobs: PhotoBlobs = photoBlobsFor(options);
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info', options.logStream),
    trustProxy: options.trustProxy ?? false,
    // Tokens and ids are short; a long URL is an error, not something to log.
    routerOptions: { maxParamLength: 200 },
  });
  app.addHook('onClose', async () => {
    await storage.close();
    blobs.close();
    await redis?.quit();
  });

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorBody(err);
    if (err instanceof ApiError && err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
    if (status >= 500) req.log.error({ err }, 'request failed');
    else if (!(err instanceof ApiError)) req.log.info({ code: body.error.code }, body.error.message);
    return reply.code(status).send(body);
  });

  // Helmet's headers on every answer, its middleware made once (@fastify/helmet made it again at
  // every request, parsing the CSP each time).
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Our own origin is the only one; no cross-origin isolation needed.
    crossOriginEmbedderPolicy: false,
  });
  // Helmet hands on an Error only (a CSP directive computed per request); ours are fixed strings.
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));

  const limits = await registerRateLimits(app, { ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, redis);
  const photos = new PhotoStore(storage, blobs);
  const recheckDays = options.recheckDays ?? DEFAULT_RECHECK_DAYS;
  await app.register(apiRoutes, { prefix: API_PREFIX, storage, photos, limits, recheckDays });

  const publicSet = new PublicSet(storage);
  await app.register(openDataRoutes, { prefix: API_PREFIX, publicSet, limit: limits.api });
  await app.register(ogcRoutes, { prefix: '/api/ogc', publicSet, limit: limits.api });
  await app.register(documentRoutes, { prefix: API_PREFIX, storage, limit: limits.api });

  // Routes of features beside the protocol (the offline basemap).
  const plugins = await registerOptionalRoutes(app, { dataDir: options.dataDir });

  const servesApp = hasBuiltApp(options.distDir);
  if (servesApp) await staticRoutes(app, options.distDir!);

  app.setNotFoundHandler((req, reply) => {
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && !req.url.startsWith('/api/');
    if (servesApp && isPage && /^\/explore(\/|\?|$)/.test(req.url)) {
      // The public page's own addresses (a device, the communes…): its shell answers, and decides.
      return reply.header('cache-control', REVALIDATE).sendFile('explore/index.html');
    }
    if (servesApp && isPage) {
      // Client-side routes: the app shell answers, and decides.
      return reply.header('cache-control', REVALIDATE).sendFile('index.html');
    }
    return reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });

  return { app, storage, db: storage instanceof SqliteStorage ? storage.db : null, plugins, servesApp, photosAt: blobs.where };
}
