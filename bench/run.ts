/**
 * `npm run bench`: the walk-and-log app's figures (issue 2), printed as tables.
 *  1. Median time to save one observation through the store (100 saves, real IndexedDB in
 *     Debian's headless Chromium), on an empty database and with 10,000 stored.
 *  2. Time to the first rendered list and map with 1,000 and 10,000 observations stored: seeded
 *     through the page, then the app is opened (first visit: the service worker installs) and
 *     reloaded (the usual case: the shell comes from the precache). List: until the first
 *     `observation-item` row is in the page and a frame has been drawn. Map (`#/map`): until
 *     MapLibre has the observations rendered and is loaded.
 *  3. Gzipped size of the built JS: MapLibre apart from our own code.
 * Targets: save < 30 ms; first list paint with 10,000 < 300 ms; own code < 60 KB gzipped.
 * Figures depend on the machine's load; tests never assert them.
 * `npm run bench -- --only=sizes,render` runs some parts only (sizes, saves, render).
 */
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { evaluate, launchChromium, newContext, ROOT, snapshotBuild, startStaticServer } from '../tests/e2e/harness.ts';

const COUNTS = [1_000, 10_000];
const SAVES = 100;
const BENCH_PATH = '/__bench/index.html';
const PARTS = ['sizes', 'saves', 'render'] as const;
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const parts = new Set(onlyArg ? onlyArg.split(',') : PARTS);
for (const part of parts) {
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only expects ${PARTS.join(', ')}; got ${part}`);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => x.toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function table(title: string, rows: string[][]): void {
  console.log(`\n${title}`);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  rows.forEach((row, i) => {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

/** Installed before any page script: records when the first list row and the rendered map appear. */
const PROBE = `(() => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  new MutationObserver((_, observer) => {
    if (!window.__shellAttached && document.querySelector('[data-testid="nav-list"], [data-testid="log-button"]')) {
      window.__shellAttached = performance.now();
    }
    if (document.querySelector('[data-testid="observation-item"]')) {
      observer.disconnect();
      window.__firstRowAttached = performance.now();
      frame().then((t) => { window.__firstRowPainted = t; });
    }
  }).observe(document, { childList: true, subtree: true });
  const layers = ['observation-clusters', 'observation-points'];
  const poll = () => {
    const map = window.__map;
    try {
      if (map && map.loaded() && map.queryRenderedFeatures({ layers: layers.filter((l) => map.getLayer(l)) }).length > 0) {
        window.__mapRendered = performance.now();
        return;
      }
    } catch {}
    setTimeout(poll, 5);
  };
  poll();
})();`;

async function waitForGlobal(page: Page, name: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(`window.${name}`);
    if (typeof value === 'number') return value;
    if (Date.now() > deadline) throw new Error(`${name} not set within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function newBenchPage(browser: Browser, origin: string): Promise<Page> {
  const { context } = await newContext(browser, origin);
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  await page.goto(BENCH_PATH);
  await page.waitForFunction(() => typeof window.benchSeed === 'function');
  return page;
}

async function saves(browser: Browser, origin: string): Promise<string[][]> {
  const rows: string[][] = [];
  for (const stored of [0, 10_000]) {
    const page = await newBenchPage(browser, origin);
    if (stored) await evaluate(page, (n: number) => window.benchSeed(n), stored, 300_000);
    const times = await evaluate(page, (n: number) => window.benchSaves(n), SAVES, 300_000);
    rows.push([`${stored.toLocaleString('en')} stored`, ms(median(times)), ms(percentile(times, 95)), ms(Math.max(...times)), '< 30']);
    await page.context().close();
  }
  return rows;
}

async function firstRender(browser: Browser, origin: string): Promise<string[][]> {
  const rows: string[][] = [];
  for (const count of COUNTS) {
    const page = await newBenchPage(browser, origin);
    const seedMs = await evaluate(page, (n: number) => window.benchSeed(n), count, 300_000);
    let visits = 0;
    // A new query string each time: a full navigation, never a same-document hash change.
    const measure = async (hash: string) => {
      visits += 1;
      await page.goto(`/?test=1&visit=${visits}${hash}`);
      const shell = await waitForGlobal(page, '__shellAttached');
      if (hash === '') return { shell, painted: await waitForGlobal(page, '__firstRowPainted') };
      return { shell, painted: await waitForGlobal(page, '__mapRendered') };
    };
    // First visit installs the service worker; the second and later come from its precache.
    const listCold = await measure('');
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 120_000 });
    const listWarm = await measure('');
    const listWarm2 = await measure('');
    const mapWarm = await measure('#/map');
    const target = count === 10_000 ? '< 300' : '';
    const warm = listWarm.painted <= listWarm2.painted ? listWarm : listWarm2;
    rows.push([
      `${count.toLocaleString('en')}`,
      ms(seedMs),
      ms(listCold.painted),
      ms(warm.shell),
      ms(warm.painted),
      target,
      ms(mapWarm.painted),
    ]);
    await page.context().close();
  }
  return rows;
}

function jsSizes(distDir: string): string[][] {
  const assets = readdirSync(join(distDir, 'assets')).filter((f) => /\.(m?js)$/.test(f));
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  // The first screen: what index.html loads, and what those files import statically (not import()).
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.m?js)"/g)].map((m) => m[1]!));
  for (const file of initial) {
    const code = readFileSync(join(distDir, 'assets', file), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.m?js)["']/g)) initial.add(m[1]!);
  }
  const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
  const rows: string[][] = [];
  let own = 0;
  let ownInitial = 0;
  let maplibre = 0;
  for (const file of assets.sort()) {
    const raw = readFileSync(join(distDir, 'assets', file)).length;
    const size = gz(join(distDir, 'assets', file));
    const isMapLibre = file.startsWith('maplibre');
    if (isMapLibre) maplibre += size;
    else {
      own += size;
      if (initial.has(file)) ownInitial += size;
    }
    rows.push([file, isMapLibre ? 'MapLibre' : initial.has(file) ? 'ours, first screen' : 'ours, on demand', kb(raw), kb(size)]);
  }
  const sw = gz(join(distDir, 'sw.js'));
  rows.push(['sw.js', 'ours, service worker', kb(readFileSync(join(distDir, 'sw.js')).length), kb(sw)]);
  rows.push(['= MapLibre (library + worker)', '', '', kb(maplibre)]);
  rows.push(['= our code, first screen', '', '', kb(ownInitial)]);
  rows.push(['= our code, all chunks (target < 60)', '', '', kb(own)]);
  return [['file', 'part', 'raw KB', 'gzip KB'], ...rows];
}

const snapshot = snapshotBuild();
const benchDir = mkdtempSync(join(tmpdir(), 'contrechamp-bench-page-'));
try {
  await build({
    root: join(ROOT, 'bench/app-page'),
    base: '/__bench/',
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    build: { outDir: benchDir, emptyOutDir: true, target: 'es2022' },
  });
  if (parts.has('sizes')) table('Built JS, gzip -9', jsSizes(snapshot.dir));

  const server = await startStaticServer([
    { prefix: '/', dir: snapshot.dir },
    { prefix: '/__bench/', dir: benchDir },
  ]);
  const browser = await launchChromium();
  try {
    if (parts.has('saves')) table(
      `Save one observation through the store, ${SAVES} saves, ms (Chromium ${browser.version()})`,
      [['database', 'median', 'p95', 'max', 'target'], ...(await saves(browser, server.origin))],
    );
    if (parts.has('render')) table('First render with N observations stored, ms from navigation start', [
      ['N stored', 'seed (1 tx)', 'list, 1st visit', 'shell, reload', 'list, reload', 'target', 'map, reload'],
      ...(await firstRender(browser, server.origin)),
    ]);
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  snapshot.remove();
  rmSync(benchDir, { recursive: true, force: true });
}
