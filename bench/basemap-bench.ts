/**
 * Basemap benchmark: build time and archive size of the Brussels basemap, and the time to the
 * first rendered map offline from the device (downloaded in settings, then the network cut).
 * Run: [BASEMAP_BUILDS=5] node --import tsx bench/basemap-bench.ts   (needs dist/, tilemaker and Chromium)
 * The packing's floor is tilemaker's own time in the same build (target: packing under 20 % of it);
 * BASEMAP_BUILDS builds (default 1) give medians and spreads.
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
const builds = Math.max(1, Number(process.env.BASEMAP_BUILDS ?? 1));
const runs: Awaited<ReturnType<typeof buildBasemap>>[] = [];
for (let b = 0; b < builds; b++) {
  runs.push(await buildBasemap(EXTRACT, { dataDir, quiet: true }));
  step(`build ${b + 1}/${builds}: tilemaker ${(runs[b]!.tilemakerMs / 1000).toFixed(1)} s, packing ${(runs[b]!.packMs / 1000).toFixed(2)} s`);
}
const built = runs[runs.length - 1]!;

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

const spread = (xs: number[], f: (x: number) => string) => (xs.length > 1 ? ` (${f(Math.min(...xs))}–${f(Math.max(...xs))})` : '');
const seconds = (digits: number) => (ms: number) => `${(ms / 1000).toFixed(digits)} s`;
const percent = (x: number) => `${(x * 100).toFixed(2)} %`;
const tilemakerMs = runs.map((r) => r.tilemakerMs);
const packMs = runs.map((r) => r.packMs);
const shares = runs.map((r) => r.packMs / r.tilemakerMs);
console.table([
  { measure: `tilemaker (extract → MBTiles), median of ${builds}`, value: `${seconds(1)(median(tilemakerMs))}${spread(tilemakerMs, seconds(1))}` },
  { measure: `packing (MBTiles → PMTiles), median of ${builds}`, value: `${seconds(2)(median(packMs))}${spread(packMs, seconds(2))}` },
  { measure: 'packing / tilemaker (target < 20 %)', value: `${percent(median(shares))}${spread(shares, percent)}` },
  { measure: 'archive size', value: `${(built.bytes / 1024 / 1024).toFixed(2)} MiB (${built.addressedTiles} tiles, ${built.tileContents} distinct)` },
  { measure: `first map offline from the device (median of ${RUNS})`, value: `${median(offlineMs).toFixed(0)} ms` },
]);
