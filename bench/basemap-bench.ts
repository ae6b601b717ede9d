/**
 * Basemap benchmark: build time and archive size of the Brussels basemap, and the time to the
 * first rendered map offline from the device (downloaded in settings, then the network cut).
 * Run: node --import tsx bench/basemap-bench.ts   (needs dist/, tilemaker and Chromium)
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildBasemap } from '../scripts/basemap/build.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const EXTRACT = process.argv[2] ?? join(ROOT, '../shared/data/brussels-2013.osm.pbf');
const RUNS = 3;

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

if (!existsSync(EXTRACT)) {
  console.error(`no extract at ${EXTRACT}`);
  process.exit(2);
}
if (!existsSync(join(ROOT, 'dist/index.html'))) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'contrechamp-basemap-bench-'));
// A snapshot of dist/: another build may rewrite it while this runs.
const distDir = join(dataDir, 'dist');
cpSync(join(ROOT, 'dist'), distDir, { recursive: true });
const step = (what: string) => console.error(`basemap bench: ${what}`);
step(`building the basemap from ${EXTRACT}`);
const built = await buildBasemap(EXTRACT, { dataDir, quiet: true });

const port = await freePort();
const server = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
  cwd: ROOT,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: distDir, SKIP_BUILD: '1' },
  stdio: 'ignore',
});
const origin = `http://127.0.0.1:${port}`;
const offlineMs: number[] = [];
try {
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${origin}/api/v1/basemap`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const context = await browser.newContext({ baseURL: origin, viewport: { width: 360, height: 740 } });
  // tsx keeps function names through a `__name` helper that pages do not have.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = await context.newPage();
  step('downloading the map in settings');
  await page.goto('/?test=1#/settings');
  try {
    await page.locator('[data-testid="download-basemap"]').click({ timeout: 120_000 });
  } catch (e) {
    await page.screenshot({ path: join(tmpdir(), 'basemap-bench-failure.png'), fullPage: true });
    throw e;
  }
  await page.waitForSelector('[data-testid="basemap-status"][data-state="ready"]', { timeout: 120_000 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  step('offline: timing the first map from the device');
  for (let run = 0; run < RUNS; run++) {
    // The time from navigation to the first frame with the basemap's tiles drawn.
    // A new query string each time: a real navigation, answered offline by the service worker.
    await page.goto(`/?test=1&run=${run}#/map`);
    const ms = await page.evaluate(
      () =>
        new Promise<number>((done, fail) => {
          setTimeout(() => fail(new Error('the map did not render offline within 120 s')), 120_000);
          const poll = () => {
            const map = (window as unknown as { __map?: { loaded(): boolean; areTilesLoaded(): boolean; getStyle(): { sources: Record<string, unknown> } } }).__map;
            if (map?.loaded() && map.areTilesLoaded() && map.getStyle().sources['basemap']) done(performance.now());
            else requestAnimationFrame(poll);
          };
          poll();
        }),
    );
    offlineMs.push(ms);
    step(`run ${run + 1}: ${ms.toFixed(0)} ms`);
  }
  await browser.close();
} finally {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

console.table([
  { measure: 'tilemaker (extract → MBTiles)', value: `${(built.tilemakerMs / 1000).toFixed(1)} s` },
  { measure: 'packing (MBTiles → PMTiles)', value: `${(built.packMs / 1000).toFixed(2)} s` },
  { measure: 'archive size', value: `${(built.bytes / 1024 / 1024).toFixed(2)} MiB (${built.addressedTiles} tiles, ${built.tileContents} distinct)` },
  { measure: `first map offline from the device (median of ${RUNS})`, value: `${median(offlineMs).toFixed(0)} ms` },
]);
