/**
 * Where the first list row's time goes on reload with 10,000 stored (`npm run bench -- --only=render`
 * measures it; this says why). `node --import tsx bench/list-profile.ts [reloads] [trace.json]`.
 * Reloads alternate with the trivial page as in bench/run.ts, each page left for a blank one once
 * timed. Prints per reload the floor's time, the navigation timing, the resources fetched and every
 * IndexedDB request made before the first row (open, reads) with start and end, ms from navigation
 * start; then one reload traced (CDP tracing, V8 samples included; the JSON is written to trace.json
 * when given): per thread, busy time by event between navigation and the first row, and the
 * top-level tasks in order (where the gaps are).
 * `LIST_PROFILE=readable`: the app built unminified, so the trace's samples name our functions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { evaluate, launchChromium, newContext, startStaticServer } from '../tests/e2e/harness.ts';
import { serveBenchApp } from './app-page/serve.ts';

const STORED = 10_000;
const RELOADS = Number(process.argv[2] ?? 5);
const tracePath = process.argv[3];

/** Records the first row as bench/run.ts does, and every IndexedDB request with its timings. */
const PROBE = `(() => {
  window.__idb = [];
  const t0 = () => performance.now();
  const note = (what, request) => {
    const entry = { what, start: t0(), end: 0 };
    window.__idb.push(entry);
    request.addEventListener('success', () => (entry.end = t0()));
    request.addEventListener('error', () => (entry.end = t0()));
    request.addEventListener('upgradeneeded', () => (entry.upgrade = t0()));
    return request;
  };
  const wrap = (proto, name, label) => {
    const original = proto[name];
    proto[name] = function (...args) {
      return note(label(this, args), original.apply(this, args));
    };
  };
  wrap(IDBFactory.prototype, 'open', (_, a) => 'open ' + a[0] + ' v' + a[1]);
  for (const m of ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor', 'getKey']) {
    wrap(IDBObjectStore.prototype, m, (s) => s.name + '.' + m);
    wrap(IDBIndex.prototype, m, (s) => s.objectStore.name + '[' + s.name + '].' + m);
  }
  // As bench/run.ts times it: the first row attached, then the animation frame that follows.
  const seen = (selector) => document.querySelector(selector) !== null;
  const watch = new MutationObserver(() => {
    if (window.__shellAttached === undefined && seen('[data-testid="nav-list"], [data-testid="log-button"]')) window.__shellAttached = performance.now();
    if (!seen('[data-testid="observation-item"]')) return;
    watch.disconnect();
    window.__firstRowAttached = performance.now();
    requestAnimationFrame(() => {
      window.__firstRowPainted = performance.now();
      window.__painted?.();
    });
  });
  watch.observe(document, { childList: true, subtree: true });
})();`;

/** bench/run.ts's floor: a trivial page holding one row. */
const TRIVIAL_PAGE = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>floor</title></head><body><ul><li data-testid="observation-item">Caméra</li></ul></body></html>';

/** What one reload measured (a string: tsx's helpers do not exist in the page). */
const COLLECT = `(() => {
  const r = (x) => Math.round(x * 10) / 10;
  const nav = performance.getEntriesByType('navigation')[0];
  const before = (e) => e.startTime < window.__firstRowPainted;
  return {
    nav: { workerStart: r(nav.workerStart), fetchStart: r(nav.fetchStart), responseStart: r(nav.responseStart), responseEnd: r(nav.responseEnd), domInteractive: r(nav.domInteractive), dcl: r(nav.domContentLoadedEventEnd) },
    resources: performance.getEntriesByType('resource').filter(before).map((e) => e.name.replace(location.origin, '') + ' ' + r(e.startTime) + '→' + r(e.responseEnd)),
    paint: performance.getEntriesByType('paint').map((e) => e.name + ' ' + r(e.startTime)),
    marks: performance.getEntriesByType('mark').map((e) => e.name + ' ' + r(e.startTime)),
    idb: window.__idb.filter((e) => e.start < window.__firstRowPainted).map((e) => e.what + ' ' + r(e.start) + '→' + r(e.end)),
    shell: r(window.__shellAttached),
    row: r(window.__firstRowAttached),
    painted: r(window.__firstRowPainted),
  };
})()`;

/**
 * The probe reports the first row painted through a binding, so nothing is evaluated in the page
 * while it loads (bench/run.ts waits alike): `paintedVisit` opens a URL and resolves once it has.
 */
const painted = new Map<Page, () => void>();
async function paintedVisit(page: Page, url: string): Promise<void> {
  const shown = new Promise<void>((resolve) => painted.set(page, resolve));
  await page.goto(url);
  await shown;
}

const floorDir = mkdtempSync(join(tmpdir(), 'contrechamp-list-profile-floor-'));
writeFileSync(join(floorDir, 'index.html'), TRIVIAL_PAGE);
const { server, close } = await serveBenchApp('list-profile', { readable: process.env.LIST_PROFILE === 'readable' });
try {
  const browser = await launchChromium();
  try {
    const { context } = await newContext(browser, server.origin);
    await context.exposeBinding('__painted', ({ page: from }: { page: Page }) => painted.get(from)?.());
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    await page.goto('/__bench/index.html');
    await page.waitForFunction(() => typeof window.benchSeed === 'function');
    await evaluate(page, (n: number) => window.benchSeed(n), STORED, 300_000);
    let visit = 0;
    const reload = async () => {
      visit += 1;
      await paintedVisit(page, `/?test=1&visit=${visit}`);
      const timing = (await page.evaluate(COLLECT)) as { painted: number };
      await page.goto('about:blank');
      return timing;
    };
    // As bench/run.ts: each reload follows a visit of the trivial page (another origin and context).
    const floorServer = await startStaticServer([{ prefix: '/', dir: floorDir }]);
    const { context: floorContext } = await newContext(browser, floorServer.origin);
    await floorContext.exposeBinding('__painted', ({ page: from }: { page: Page }) => painted.get(from)?.());
    await floorContext.addInitScript(PROBE);
    const floorPage = await floorContext.newPage();
    const floor = async () => {
      visit += 1;
      await paintedVisit(floorPage, `/?visit=${visit}`);
      const painted = (await floorPage.evaluate('window.__firstRowPainted')) as number;
      await floorPage.goto('about:blank');
      return painted;
    };
    await page.goto(`/?test=1`);
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 120_000 });
    await reload();
    for (let i = 0; i < RELOADS; i += 1) {
      const f = await floor();
      const timing = await reload();
      console.log(`floor ${f}`, JSON.stringify(timing, null, 1));
    }
    // Traced: a reload, the floor, the reload looked at (so the previous page's work shows too).
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.cpu_profiler', 'v8', 'v8.execute', 'blink.user_timing', 'loading', 'navigation', 'ServiceWorker', 'IndexedDB'],
    });
    await reload();
    await floor();
    const timing = await reload();
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    await floorContext.close();
    await floorServer.stop();
    console.log('traced', JSON.stringify(timing));
    if (tracePath) writeFileSync(tracePath, JSON.stringify(trace));
    summarise(trace.traceEvents, timing.painted);
  } finally {
    await browser.close();
  }
} finally {
  await close();
  rmSync(floorDir, { recursive: true, force: true });
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

function summarise(events: TraceEvent[], paintedMs: number): void {
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  // The navigation's start on the renderer that loaded the app: the last navigationStart mark.
  const navStarts = events.filter((e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '').includes('test=1'));
  const nav = navStarts.at(-1);
  if (!nav) {
    console.log('no navigationStart in the trace');
    return;
  }
  const start = nav.ts;
  const end = start + paintedMs * 1000;
  const threads = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.ts + (e.dur ?? 0) < start || e.ts > end) continue;
    const key = `${e.pid}:${e.tid}`;
    threads.set(key, [...(threads.get(key) ?? []), e]);
  }
  for (const [key, list] of threads) {
    const name = threadName.get(key) ?? key;
    if (!/CrRendererMain|ServiceWorker|Worker|IndexedDB|CrBrowserMain/.test(name) && key.split(':')[0] !== String(nav.pid)) continue;
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    // Self time per event name (children subtracted), top-level tasks in order.
    const self = new Map<string, number>();
    const stack: Array<{ e: TraceEvent; end: number; child: number }> = [];
    const top: string[] = [];
    const close = (upTo: number) => {
      while (stack.length && stack.at(-1)!.end <= upTo) {
        const s = stack.pop()!;
        self.set(s.e.name, (self.get(s.e.name) ?? 0) + (s.e.dur ?? 0) - s.child);
      }
    };
    for (const e of list) {
      close(e.ts);
      const parent = stack.at(-1);
      if (parent) parent.child += e.dur ?? 0;
      else if ((e.dur ?? 0) > 500) {
        const kids = list.filter((k) => k !== e && k.ts >= e.ts && k.ts + (k.dur ?? 0) <= e.ts + (e.dur ?? 0) && (k.dur ?? 0) > 300);
        const url = (e.args?.data?.url as string | undefined) ?? '';
        top.push(`${((e.ts - start) / 1000).toFixed(1)}+${((e.dur ?? 0) / 1000).toFixed(1)} ${e.name} ${url} [${kids.slice(0, 8).map((k) => `${k.name}${k.args?.data?.url ? ' ' + String(k.args.data.url).replace(/^.*\//, '') : ''}${k.args?.data?.functionName ? ' ' + String(k.args.data.functionName) : ''} ${((k.dur ?? 0) / 1000).toFixed(1)}`).join(', ')}]`);
      }
      stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
    }
    close(Infinity);
    const busy = [...self].sort((a, b) => b[1] - a[1]).filter(([, v]) => v > 500);
    if (!busy.length) continue;
    console.log(`\n== ${name} (${key}): self time by event, ms (0 = navigation start, first row painted at ${paintedMs})`);
    for (const [n, v] of busy.slice(0, 25)) console.log(`  ${(v / 1000).toFixed(1).padStart(7)}  ${n}`);
    console.log('  top-level tasks > 0.5 ms (start+duration):');
    for (const line of top) console.log(`    ${line}`);
  }
}
