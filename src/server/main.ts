/** Starts the server from the environment (PORT, HOST, DATA_DIR…), prints its config and URL, and
 * shuts down cleanly on SIGTERM/SIGINT. Used by `npm start` (scripts/start.mjs) and by tests. */
import { pathToFileURL } from 'node:url';
import { buildServer } from './app.ts';
import { configFromEnv } from './config.ts';

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = configFromEnv(env);
  const killAfter = env.CONTRECHAMP_TEST_KILL_AFTER_ITEMS;
  const { app, plugins, servesApp, photosAt, storage } = await buildServer({
    dataDir: config.dataDir,
    distDir: config.distDir,
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    recheckDays: config.recheckDays,
    s3: config.s3,
    redisUrl: config.redisUrl,
    databaseUrl: config.databaseUrl,
    batch: killAfter ? { killAfterItems: Number(killAfter) } : {},
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(
    [
      'Contrechamp server',
      `  HOST=${config.host} PORT=${config.port} DATA_DIR=${config.dataDir} RECHECK_DAYS=${config.recheckDays}`,
      `  store: ${storage.engine}; photos: ${photosAt}`,
      `  app: ${servesApp ? config.distDir : 'not built (API only)'}; plugins: ${plugins.join(', ') || 'none'}`,
      `Listening on http://${host}:${port}/`,
    ].join('\n'),
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing the server and the database`);
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('error while closing', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    // A store that cannot be reached at start says so in one line (config.ts, rate-limits.ts).
    console.error(err instanceof Error ? `Contrechamp server did not start: ${err.message}` : err);
    process.exit(1);
  });
}
