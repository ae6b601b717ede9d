/**
 * The built app beside the bench's seeding page, served from temp folders on one local origin:
 * the app at `/`, the seeding page (bench/app-page, `window.benchSeed(n)`) at `/__bench/`. Used by
 * the profiling scripts (list, form and map profiles).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { ROOT, startStaticServer, type RunningServer } from '../../tests/e2e/harness.ts';

export interface ServedBenchApp {
  server: RunningServer;
  /** Stops the server and removes both built folders. */
  close(): Promise<void>;
}

/**
 * Builds the app (production mode; `readable`: unminified, so profiles name our functions) and the
 * seeding page, then serves both. `name` only labels the temp folders.
 * @throws what vite's build or the server's start throws (the folders are removed first).
 */
export async function serveBenchApp(name: string, options: { readable?: boolean } = {}): Promise<ServedBenchApp> {
  const appDir = mkdtempSync(join(tmpdir(), `contrechamp-${name}-app-`));
  const benchDir = mkdtempSync(join(tmpdir(), `contrechamp-${name}-page-`));
  const remove = () => {
    rmSync(appDir, { recursive: true, force: true });
    rmSync(benchDir, { recursive: true, force: true });
  };
  try {
    await build({ root: ROOT, logLevel: 'warn', mode: 'production', build: { outDir: appDir, emptyOutDir: true, ...(options.readable ? { minify: false } : {}) } });
    await build({ root: join(ROOT, 'bench/app-page'), base: '/__bench/', configFile: false, logLevel: 'warn', mode: 'production', build: { outDir: benchDir, emptyOutDir: true, target: 'es2022', ...(options.readable ? { minify: false } : {}) } });
    const server = await startStaticServer([
      { prefix: '/', dir: appDir },
      { prefix: '/__bench/', dir: benchDir },
    ]);
    return {
      server,
      close: async () => {
        await server.stop();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
