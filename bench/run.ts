/**
 * `npm run bench`: the walk-and-log app's figures, printed as tables.
 *  1. Median time to save one observation through the store (100 saves in 5 rounds, real IndexedDB
 *     in Debian's headless Chromium), on an empty database and with 10,000 stored, beside its floor:
 *     a bare strict put of the same record in a one-store database, alternated round by round;
 *     beside them, raw transactions of the save's shapes (bench/app-page RawShape), among them a
 *     first version's: three writes, no read.
 *  2. The same save through the form: from the tap on Save (a click listener ahead of the form's)
 *     to the painted "saved" toast, with the form opened each time from the kind's route.
 *  3. Time to the first rendered list and map with 1,000 and 10,000 observations stored: seeded
 *     through the page, then the app is opened (first visit: the service worker installs) and
 *     reloaded (the usual case: the shell comes from the precache). List: until the first
 *     `observation-item` row is in the page and a frame has been drawn. Map (`#/map`): until
 *     MapLibre has the observations rendered and is loaded. Each list reload is alternated with
 *     its floor: a trivial page holding one row (another origin, no service worker), timed alike;
 *     each page is left for a blank one once timed, so neither's later work runs during the other.
 *  4. The map drawn on reload with 10,000 stored (`map`), alternated reload by reload with its floor:
 *     a bare MapLibre page (bench/map-floor: the same background and basemap, none here, and the
 *     same 10,000 points as one GeoJSON source in one circle layer, fitted to the same bounds),
 *     each timed until MapLibre is loaded with points rendered, then left for a blank page (so
 *     neither page's later work, such as the app's sync, runs while the other is timed).
 *  5. Gzipped size of the built JS: our own code, the libraries bundled with it (zod, preact, idb…)
 *     and MapLibre, each apart.
 * Targets: save < 1.5× a bare strict put, through the form < 30 ms; first list paint with 10,000
 * < 300 ms and < 1.3× the trivial page; own code < 60 KB gzipped, < 40 KB on the first screen.
 * Figures depend on the machine's load; tests never assert them.
 * `npm run bench -- --only=sizes,render` runs some parts only (sizes, saves, form, render, map).
 */
import { readdirSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { evaluate, launchChromium, newContext, ROOT, startStaticServer, tid } from '../tests/e2e/harness.ts';
import type { RawShape } from './app-page/main.ts';
import { openForm } from './app-page/open-form.ts';
import { seedPoints } from './app-page/seed.ts';

const COUNTS = [1_000, 10_000];
const SAVES = 100;
/** The saves are split into rounds, each followed by as many bare puts (the floor). */
const SAVE_ROUNDS = 5;
const BENCH_PATH = '/__bench/index.html';
const PARTS = ['sizes', 'saves', 'form', 'render', 'map'] as const;
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
const ms = (x: number) => x.toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** Numbers right-aligned; the `left` columns (names) left-aligned. */
function table(title: string, rows: string[][], left: readonly number[] = [0]): void {
  console.log(`\n${title}`);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  rows.forEach((row, i) => {
    console.log(row.map((cell, c) => (left.includes(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

/**
 * Installed before any page script: records when the first list row and the rendered map appear,
 * and reports each mark through the context's binding (probed).
 */
const PROBE = `(() => {
  const mark = (name, t) => { window[name] = t; window.__benchMark?.(name, t); };
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  new MutationObserver((_, observer) => {
    if (!window.__shellAttached && document.querySelector('[data-testid="nav-list"], [data-testid="log-button"]')) {
      mark('__shellAttached', performance.now());
    }
    if (document.querySelector('[data-testid="observation-item"]')) {
      observer.disconnect();
      window.__firstRowAttached = performance.now();
      frame().then((t) => mark('__firstRowPainted', t));
    }
  }).observe(document, { childList: true, subtree: true });
  const layers = ['observation-clusters', 'observation-points'];
  const poll = () => {
    const map = window.__map;
    try {
      if (map && map.loaded() && map.queryRenderedFeatures({ layers: layers.filter((l) => map.getLayer(l)) }).length > 0) {
        mark('__mapRendered', performance.now());
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

/**
 * The probe's marks as its binding reported them, by page (reset by visit). Waiting on them
 * evaluates nothing in the page while it loads: a poll by evaluation (waitForGlobal) runs in the
 * page from its load event on, during our first rows but after the trivial page's paint.
 */
const reported = new WeakMap<Page, Map<string, number>>();

/** Installs the probe in `context`, its marks reported to `reported`. */
async function probed(context: BrowserContext): Promise<void> {
  await context.exposeBinding('__benchMark', ({ page }: { page: Page }, name: string, value: number) => {
    reported.get(page)?.set(name, value);
  });
  await context.addInitScript(PROBE);
}

/** Opens `url` in `page` (of a probed context): the marks that load reports. */
function visit(page: Page, url: string): Promise<unknown> {
  reported.set(page, new Map());
  return page.goto(url);
}

/** The probe's mark `name` for the page's last visit, once reported (ms from navigation start). */
async function waitForMark(page: Page, name: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = reported.get(page)?.get(name);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${name} not reported within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function newBenchPage(browser: Browser, origin: string): Promise<Page> {
  const { context } = await newContext(browser, origin);
  await probed(context);
  const page = await context.newPage();
  await page.goto(BENCH_PATH);
  await page.waitForFunction(() => typeof window.benchSeed === 'function');
  return page;
}

async function saves(browser: Browser, origin: string): Promise<string[][]> {
  // Two decimals: the figures are about a millisecond.
  const ms2 = (x: number) => x.toFixed(2);
  const rows: string[][] = [];
  for (const stored of [0, 10_000]) {
    const page = await newBenchPage(browser, origin);
    if (stored) await evaluate(page, (n: number) => window.benchSeed(n), stored, 300_000);
    // Alternated in rounds so both see the same load; medians per round, then their median.
    const ours: number[] = [];
    const floor: number[] = [];
    const ratios: number[] = [];
    const readThenPuts: number[] = [];
    const batched: number[] = [];
    const writesOnly: number[] = [];
    const raw = async (shape: RawShape) =>
      median(await evaluate(page, ([n, s]: [number, RawShape]) => window.benchBarePuts(n, s), [SAVES / SAVE_ROUNDS, shape] as [number, RawShape], 300_000));
    for (let round = 0; round < SAVE_ROUNDS; round += 1) {
      const o = median(await evaluate(page, (n: number) => window.benchSaves(n), SAVES / SAVE_ROUNDS, 300_000));
      const f = await raw('bare');
      readThenPuts.push(await raw('read-then-puts'));
      batched.push(await raw('batched'));
      writesOnly.push(await raw('writes'));
      ours.push(o);
      floor.push(f);
      ratios.push(o / f);
    }
    const spread = (xs: number[]) => `${ms2(Math.min(...xs))}–${ms2(Math.max(...xs))}`;
    rows.push([
      `${stored.toLocaleString('en')} stored`,
      ms2(median(ours)),
      spread(ours),
      ms2(median(floor)),
      spread(floor),
      `${median(ratios).toFixed(2)}×`,
      `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
      '< 1.5×',
      `${ms2(median(readThenPuts))} (${spread(readThenPuts)})`,
      `${ms2(median(batched))} (${spread(batched)})`,
      `${ms2(median(writesOnly))} (${spread(writesOnly)})`,
    ]);
    await page.context().close();
  }
  return rows;
}

/** Saves through the form per database, in rounds of FORM_SAVES / SAVE_ROUNDS, each round followed by as many bare puts. */
const FORM_SAVES = 30;

/**
 * Installed before the app's scripts: when Save is pressed (capture phase, before the form's own
 * handler) and when the "saved" toast that follows has been painted.
 */
const SAVE_PROBE = `(() => {
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-testid="save-observation"]')) {
      window.__saveClicked = performance.now();
      window.__savedPainted = undefined;
    }
  }, true);
  new MutationObserver((records) => {
    if (window.__saveClicked === undefined || window.__savedPainted !== undefined) return;
    const toast = records.some((r) => [...r.addedNodes].some((n) => n instanceof Element && n.matches('[data-testid="toast"]')));
    if (toast) requestAnimationFrame(() => { window.__savedPainted = performance.now(); });
  }).observe(document, { childList: true, subtree: true });
})();`;

/**
 * From the tap on Save to the painted "saved" toast, through the real form, beside a bare strict put:
 * tapped as soon as the form has a position, and tapped once the form's map is drawn and idle (as
 * after the few seconds a walker takes to fill the form).
 */
async function formSaves(browser: Browser, origin: string): Promise<string[][]> {
  const rows: string[][] = [];
  for (const [stored, mapDrawn] of [[0, false], [0, true], [10_000, false], [10_000, true]] as const) {
    const benchPage = await newBenchPage(browser, origin);
    if (stored) await evaluate(benchPage, (n: number) => window.benchSeed(n), stored, 300_000);
    const context = benchPage.context();
    await context.addInitScript(SAVE_PROBE);
    const page = await context.newPage();
    await page.goto('/?test=1');
    const ours: number[] = [];
    const floor: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < SAVE_ROUNDS; round += 1) {
      const times: number[] = [];
      for (let i = 0; i < FORM_SAVES / SAVE_ROUNDS; i += 1) {
        await openForm(page, `banc ${round}-${i}`, mapDrawn);
        await page.locator(tid('save-observation')).click();
        const painted = await waitForGlobal(page, '__savedPainted', 30_000);
        times.push(painted - ((await page.evaluate('window.__saveClicked')) as number));
      }
      const o = median(times);
      const f = median(await evaluate(benchPage, ([n, s]: [number, RawShape]) => window.benchBarePuts(n, s), [FORM_SAVES / SAVE_ROUNDS, 'bare'] as [number, RawShape], 300_000));
      ours.push(o);
      floor.push(f);
      ratios.push(o / f);
    }
    const spread = (xs: number[], digits = 1) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
    rows.push([
      `${stored.toLocaleString('en')} stored, ${mapDrawn ? 'form map drawn' : 'tapped at once'}`,
      `${ms(median(ours))} (${spread(ours)})`,
      `${ms(median(floor))} (${spread(floor)})`,
      `${median(ratios).toFixed(1)}× (${spread(ratios)})`,
      '< 30 ms',
    ]);
    await context.close();
  }
  return rows;
}

/** The list's floor: a trivial page holding one row, on another origin (no service worker). */
const TRIVIAL_PAGE = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>floor</title></head><body><ul><li data-testid="observation-item">Caméra</li></ul></body></html>';
/** Reloads measured per figure (list and map), each alternated with the floor. */
const RELOADS = 9;

/**
 * Opens `url` in `page`, waits for the probe's mark `name`, then leaves for a blank page: what a
 * page does once timed (the rest of the list, the app's sync) must not run while the other page is
 * timed. Returns the mark (ms from navigation start).
 */
async function timedVisit(page: Page, url: string, name: string): Promise<number> {
  await visit(page, url);
  const value = await waitForMark(page, name);
  await page.goto('about:blank');
  return value;
}

async function firstRender(browser: Browser, origin: string, floorOrigin: string): Promise<string[][]> {
  const rows: string[][] = [];
  for (const count of COUNTS) {
    const page = await newBenchPage(browser, origin);
    const seedMs = await evaluate(page, (n: number) => window.benchSeed(n), count, 300_000);
    const { context: floorContext } = await newContext(browser, floorOrigin);
    await probed(floorContext);
    const floorPage = await floorContext.newPage();
    let visits = 0;
    // A new query string each time: a full navigation, never a same-document hash change.
    const measure = async (hash: string) => {
      visits += 1;
      await visit(page, `${origin}/?test=1&visit=${visits}${hash}`);
      const shell = await waitForMark(page, '__shellAttached');
      const painted = await waitForMark(page, hash === '' ? '__firstRowPainted' : '__mapRendered');
      await page.goto('about:blank');
      return { shell, painted };
    };
    const floor = () => timedVisit(floorPage, `${floorOrigin}/?visit=${(visits += 1)}`, '__firstRowPainted');
    // First visit installs the service worker; the later ones come from its precache.
    await visit(page, `${origin}/?test=1`);
    const listCold = await waitForMark(page, '__firstRowPainted');
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 120_000 });
    await measure(''); // the first controlled load fills the runtime caches
    await floor(); // and the floor's first visit starts its renderer and fills the HTTP cache
    const list: number[] = [];
    const shell: number[] = [];
    const floors: number[] = [];
    const ratios: number[] = [];
    const maps: number[] = [];
    for (let i = 0; i < RELOADS; i += 1) {
      const f = await floor();
      const warm = await measure('');
      floors.push(f);
      list.push(warm.painted);
      shell.push(warm.shell);
      ratios.push(warm.painted / f);
    }
    for (let i = 0; i < RELOADS; i += 1) maps.push((await measure('#/map')).painted);
    const spread = (xs: number[], digits = 0) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
    rows.push([
      `${count.toLocaleString('en')}`,
      ms(seedMs),
      ms(listCold),
      ms(median(shell)),
      `${ms(median(list))} (${spread(list)})`,
      `${ms(median(floors))} (${spread(floors)})`,
      `${median(ratios).toFixed(2)}× (${spread(ratios, 2)})`,
      count === 10_000 ? '< 300, < 1.3×' : '',
      `${ms(median(maps))} (${spread(maps)})`,
    ]);
    await floorContext.close();
    await page.context().close();
  }
  return rows;
}

/** Reloads of the map and of its floor, alternated. */
const MAP_RELOADS = 7;
const MAP_STORED = 10_000;

async function mapBeside(browser: Browser, origin: string, floorOrigin: string): Promise<string[][]> {
  const page = await newBenchPage(browser, origin);
  await evaluate(page, (n: number) => window.benchSeed(n), MAP_STORED, 300_000);
  const { context: floorContext } = await newContext(browser, floorOrigin);
  await probed(floorContext);
  const floorPage = await floorContext.newPage();
  const points = seedPoints(MAP_STORED).features.map((f) => (f as { geometry: { coordinates: [number, number] } }).geometry.coordinates);
  const bounds = [Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))];
  let visits = 0;
  // Each page is left for a blank one once timed (timedVisit): the app's sync starts once its map is drawn.
  const timed = (p: Page, url: string) => timedVisit(p, url.replace('VISIT', String((visits += 1))), '__mapRendered');
  const ours = () => timed(page, '/?test=1&visit=VISIT#/map');
  const floor = () => timed(floorPage, `${floorOrigin}/index.html?visit=VISIT&bounds=${bounds.join(',')}`);
  // The first visit installs the service worker, the next fills its runtime caches; both are warm-up.
  await visit(page, '/?test=1#/map');
  await waitForMark(page, '__mapRendered');
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 120_000 });
  await ours();
  await floor();
  const mine: number[] = [];
  const bare: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < MAP_RELOADS; i += 1) {
    const f = await floor();
    const o = await ours();
    bare.push(f);
    mine.push(o);
    ratios.push(o / f);
  }
  await floorContext.close();
  await page.context().close();
  const spread = (xs: number[], digits = 0) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  return [
    [
      MAP_STORED.toLocaleString('en'),
      `${ms(median(mine))} (${spread(mine)})`,
      `${ms(median(bare))} (${spread(bare)})`,
      `${median(ratios).toFixed(2)}× (${spread(ratios, 2)})`,
      '≤ 1.3×, < 1500',
    ],
  ];
}

/** Library name of a bundled module id (`zod`, `@fontsource/noto-sans`), or null for our own code. */
function libraryOf(id: string): string | null {
  const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id);
  return m ? m[1]!.replace('\\', '/') : null;
}

/**
 * Where each chunk's gzipped bytes come from. A chunk mixes our modules with libraries (zod,
 * preact, idb… are bundled into our chunks), so each part is gzipped on its own and the chunk's
 * real gzip size is shared out in proportion. Our parts are keyed `ours:<area>` (see areaOf);
 * bundler glue (preload helper, runtime) counts as ours.
 */
type ChunkParts = Map<string, Map<string, number>>;
/** Our message catalogues, the walker's and the public page's (text, no logic): ours, also shown on their own. */
const CATALOGUE_MODULE = /src[\\/](app|explore)[\\/]i18n[\\/](fr|nl|en)\.ts$/;
const CATALOGUES = 'ours:message catalogues';

/** The area of one of our modules: `src/app/log`, `src/core/codecs`, `src/store`…, or `bundler glue`. */
function areaOf(id: string): string {
  if (CATALOGUE_MODULE.test(id)) return CATALOGUES;
  const path = id.startsWith(ROOT) ? id.slice(ROOT.length + 1).split(/[\\/]/) : [];
  if (path[0] !== 'src' && path[0] !== 'content') return 'ours:bundler glue';
  const deep = (path[1] === 'app' || path[1] === 'core') && path.length > 3;
  return `ours:${path.slice(0, deep ? 3 : 2).join('/')}`;
}

function collectChunkParts(parts: ChunkParts): Plugin {
  return {
    name: 'bench-chunk-parts',
    generateBundle(_, bundle) {
      for (const file of Object.values(bundle)) {
        const name = file.fileName.replace(/^assets\//, '');
        if (file.type === 'asset') {
          // A script emitted as a file (`?url`, e.g. MapLibre's worker): owned by the module it was read from.
          if (!/\.m?js$/.test(name)) continue;
          const from = file.originalFileNames[0];
          if (!from) continue;
          const owner = libraryOf(from) ?? areaOf(from);
          parts.set(name, new Map([[owner, gzipSync(file.source, { level: 9 }).length]]));
          continue;
        }
        const code = new Map<string, string>();
        for (const [id, module] of Object.entries(file.modules)) {
          if (!module.code) continue;
          const owner = libraryOf(id) ?? areaOf(id);
          code.set(owner, (code.get(owner) ?? '') + module.code + '\n');
        }
        const sizes = new Map([...code].map(([owner, text]) => [owner, gzipSync(text, { level: 9 }).length]));
        const sum = [...sizes.values()].reduce((a, b) => a + b, 0);
        const total = gzipSync(file.code, { level: 9 }).length;
        parts.set(name, new Map([...sizes].map(([owner, size]) => [owner, (size * total) / sum])));
      }
    },
  };
}

/** The size table, and our code's gzip bytes by area over all chunks. */
function jsSizes(distDir: string, chunkParts: ChunkParts): { rows: string[][]; areas: Map<string, number> } {
  const assets = readdirSync(join(distDir, 'assets')).filter((f) => /\.(m?js)$/.test(f));
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  // The first screen: what index.html loads, and what those files import statically (not import()),
  // and the app's start (render-app, built as the app-start chunk), which main.tsx imports at once after opening the database.
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.m?js)"/g)].map((m) => m[1]!));
  for (const file of initial) {
    const code = readFileSync(join(distDir, 'assets', file), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.m?js)["']|import\(\s*["'`]\.\/((?:render-app|app-start)-[^"'`]+\.js)["'`]/g)) initial.add((m[1] ?? m[2])!);
  }
  const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
  const rows: string[][] = [];
  let own = 0;
  let ownInitial = 0;
  let maplibre = 0;
  let catalogues = 0;
  let cataloguesInitial = 0;
  const libraries = new Map<string, { initial: number; all: number }>();
  const areas = new Map<string, number>();
  for (const file of assets.sort()) {
    const raw = readFileSync(join(distDir, 'assets', file)).length;
    const size = gz(join(distDir, 'assets', file));
    const first = initial.has(file);
    // Every file is described by the main or a worker build; one that is not is counted as ours.
    const parts = chunkParts.get(file) ?? new Map([['ours:undescribed', size]]);
    const text = parts.get(CATALOGUES) ?? 0;
    let ours = 0;
    for (const [owner, bytes] of parts) {
      if (!owner.startsWith('ours:')) continue;
      ours += bytes;
      areas.set(owner.slice('ours:'.length), (areas.get(owner.slice('ours:'.length)) ?? 0) + bytes);
    }
    own += ours;
    catalogues += text;
    if (first) {
      ownInitial += ours;
      cataloguesInitial += text;
    }
    const libs: string[] = [];
    for (const [owner, bytes] of parts) {
      if (owner.startsWith('ours:')) continue;
      if (owner === 'maplibre-gl') maplibre += bytes;
      else {
        const lib = libraries.get(owner) ?? { initial: 0, all: 0 };
        lib.all += bytes;
        if (first) lib.initial += bytes;
        libraries.set(owner, lib);
      }
      libs.push(`${owner} ${kb(bytes)}`);
    }
    rows.push([file, first ? 'first screen' : 'on demand', kb(raw), kb(size), kb(ours), libs.join(', ')]);
  }
  // Our data shipped as files the pages fetch (explainers as HTML, commune boundaries as JSON), not JS.
  const dataFiles = readdirSync(join(distDir, 'assets')).filter((f) => /^(understand-.*\.html|brussels-communes-.*\.json)$/.test(f));
  const data = dataFiles.reduce((sum, f) => sum + gz(join(distDir, 'assets', f)), 0);
  const sw = gz(join(distDir, 'sw.js'));
  rows.push(['sw.js', 'service worker', kb(readFileSync(join(distDir, 'sw.js')).length), kb(sw), '', 'ours and workbox, not split']);
  rows.push(['= MapLibre (library + worker)', '', '', kb(maplibre), '', '']);
  const libList = (key: 'initial' | 'all') =>
    [...libraries].filter(([, v]) => v[key] > 0).sort((a, b) => b[1][key] - a[1][key]).map(([name, v]) => `${name} ${kb(v[key])}`).join(', ');
  const libTotal = (key: 'initial' | 'all') => [...libraries.values()].reduce((a, v) => a + v[key], 0);
  rows.push(['= other libraries, first screen', '', '', kb(libTotal('initial')), '', libList('initial')]);
  rows.push(['= other libraries, all chunks', '', '', kb(libTotal('all')), '', libList('all')]);
  rows.push(['= our code, first screen', '', '', kb(ownInitial), '', `of which message catalogues ${kb(cataloguesInitial)}`]);
  rows.push(['= our code, all chunks (target < 60)', '', '', kb(own), '', `of which message catalogues ${kb(catalogues)}`]);
  rows.push(['= our data as files, not JS', '', '', kb(data), '', `${dataFiles.length} files: explainers (HTML), commune boundaries (JSON), each gzipped alone`]);
  return { rows: [['file', 'part', 'raw KB', 'gzip KB', 'ours KB', 'libraries in it, gzip KB'], ...rows], areas };
}

/**
 * The app built as `npm run build` does, into `outDir`, noting which modules each chunk holds:
 * the pages' chunks and the workers' (a worker is bundled apart, with its own plugins).
 */
async function buildApp(outDir: string, chunkParts: ChunkParts): Promise<void> {
  await build({
    root: ROOT,
    logLevel: 'warn',
    mode: 'production',
    build: { outDir, emptyOutDir: true },
    plugins: [collectChunkParts(chunkParts)],
    worker: { plugins: () => [collectChunkParts(chunkParts)] },
  });
}

const appDir = mkdtempSync(join(tmpdir(), 'contrechamp-bench-app-'));
const chunkParts: ChunkParts = new Map();
const benchDir = mkdtempSync(join(tmpdir(), 'contrechamp-bench-page-'));
const mapFloorDir = mkdtempSync(join(tmpdir(), 'contrechamp-bench-map-floor-'));
try {
  await buildApp(appDir, chunkParts);
  await build({
    root: join(ROOT, 'bench/app-page'),
    base: '/__bench/',
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    build: { outDir: benchDir, emptyOutDir: true, target: 'es2022' },
  });
  await build({
    root: join(ROOT, 'bench/map-floor'),
    base: './',
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    build: { outDir: mapFloorDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1200 },
  });
  writeFileSync(join(mapFloorDir, 'points.geojson'), JSON.stringify(seedPoints(MAP_STORED)));
  if (parts.has('sizes')) {
    const { rows, areas } = jsSizes(appDir, chunkParts);
    table('Built JS, gzip -9', rows, [0, 1, 5]);
    const total = [...areas.values()].reduce((a, b) => a + b, 0);
    table('Our code over all chunks by area, gzip KB (each chunk\'s size shared out by module)', [
      ['area', 'KB', 'share'],
      ...[...areas].sort((a, b) => b[1] - a[1]).map(([area, bytes]) => [area, kb(bytes), `${((bytes / total) * 100).toFixed(0)} %`]),
    ]);
  }

  const server = await startStaticServer([
    { prefix: '/', dir: appDir },
    { prefix: '/__bench/', dir: benchDir },
  ]);
  const floorDir = mkdtempSync(join(tmpdir(), 'contrechamp-bench-floor-'));
  writeFileSync(join(floorDir, 'index.html'), TRIVIAL_PAGE);
  const floorServer = await startStaticServer([{ prefix: '/', dir: floorDir }]);
  const mapFloorServer = await startStaticServer([{ prefix: '/', dir: mapFloorDir }]);
  const browser = await launchChromium();
  try {
    if (parts.has('saves')) table(
      `Save one observation through the store, ${SAVES} saves in ${SAVE_ROUNDS} rounds (median of round medians), ms (Chromium ${browser.version()})`,
      [['database', 'ours median', 'spread', 'bare strict put', 'spread', 'ratio', 'spread', 'target', 'raw read, then 2 puts (spread)', 'raw reads + 2 puts at once (spread)', 'raw 3 writes, no read (spread)'], ...(await saves(browser, server.origin))],
    );
    if (parts.has('form')) table(
      `Save through the form: tap on Save to the "saved" toast painted, ${FORM_SAVES} saves in ${SAVE_ROUNDS} rounds (median of round medians), ms`,
      [['database', 'ours (spread)', 'bare strict put (spread)', 'ratio (spread)', 'target'], ...(await formSaves(browser, server.origin))],
    );
    if (parts.has('render')) table(`First render with N observations stored, ms from navigation start, medians of ${RELOADS} reloads`, [
      ['N stored', 'seed (1 tx)', 'list, 1st visit', 'shell, reload', 'list, reload (spread)', 'trivial page (spread)', 'ratio (spread)', 'target', 'map, reload (spread)'],
      ...(await firstRender(browser, server.origin, floorServer.origin)),
    ]);
    if (parts.has('map')) table(`Map drawn on reload (ms from navigation start), medians of ${MAP_RELOADS} reloads alternated with the floor; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`, [
      ['N stored', 'ours (spread)', 'bare MapLibre page (spread)', 'ratio (spread)', 'target'],
      ...(await mapBeside(browser, server.origin, mapFloorServer.origin)),
    ]);
  } finally {
    await browser.close();
    await server.stop();
    await floorServer.stop();
    await mapFloorServer.stop();
    rmSync(floorDir, { recursive: true, force: true });
  }
} finally {
  rmSync(appDir, { recursive: true, force: true });
  rmSync(benchDir, { recursive: true, force: true });
  rmSync(mapFloorDir, { recursive: true, force: true });
}
