/**
 * `npm run bench:map-profile -- [out.json] [--readable] [--window=from-to]` (or `--from out.json`
 * to summarise a saved trace): one traced reload of the map with 10,000
 * stored (as bench/run.ts part 4 measures it), summarised: the main thread's and the workers'
 * tasks over 8 ms with when they ran (ms from navigation start) and the functions that took
 * their time (self time from the V8 sampling profiler). The raw trace goes to `out.json` when given.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { evaluate, launchChromium, newContext } from '../tests/e2e/harness.ts';
import { serveBenchApp } from './app-page/serve.ts';

const STORED = 10_000;
/** `--window=from-to` (ms from navigation start): the sampled times count only that stretch. */
const WINDOW = (process.argv.find((a) => a.startsWith('--window='))?.slice(9).split('-').map(Number) ?? [0, Infinity]) as [number, number];

const PROBE = `(() => {
  const layers = ['observation-clusters', 'observation-points'];
  const poll = () => {
    const map = window.__map;
    try {
      if (map && map.loaded() && map.queryRenderedFeatures({ layers: layers.filter((l) => map.getLayer(l)) }).length > 0) {
        window.__mapRendered = performance.now();
        performance.mark('map-rendered');
        return;
      }
    } catch {}
    setTimeout(poll, 5);
  };
  poll();
})();`;

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { name?: string; data?: Record<string, unknown> };
}

const from = process.argv.indexOf('--from');
if (from > 0) {
  const saved = JSON.parse(readFileSync(process.argv[from + 1]!, 'utf8')) as { traceEvents: TraceEvent[]; total: number };
  summarise(saved.traceEvents, saved.total);
  process.exit(0);
}
// `--readable`: unminified, so the profile names our functions (a little slower than the real build).
const readable = process.argv.includes('--readable');
const { server, close } = await serveBenchApp('map-profile', { readable });
try {
  const browser = await launchChromium();
  try {
    const { context } = await newContext(browser, server.origin);
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    await page.goto('/__bench/index.html');
    await page.waitForFunction(() => typeof window.benchSeed === 'function');
    await evaluate(page, (n: number) => window.benchSeed(n), STORED, 300_000);
    let visit = 0;
    const reload = async () => {
      visit += 1;
      await page.goto(`/?test=1&visit=${visit}#/map`);
      await page.waitForFunction(() => typeof (window as { __mapRendered?: number }).__mapRendered === 'number', undefined, { timeout: 120_000 });
      return page.evaluate(() => (window as { __mapRendered?: number }).__mapRendered!);
    };
    await reload();
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 120_000 });
    await reload();
    console.log('warm reload', (await reload()).toFixed(0), 'ms');

    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: {
        includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'loading', 'toplevel', '__metadata'],
      },
    });
    const total = await reload();
    await cdp.send('Tracing.end');
    await done;
    console.log('traced reload', total.toFixed(0), 'ms');
    const out = process.argv.slice(2).find((a) => a.endsWith('.json'));
    if (out) writeFileSync(out, JSON.stringify({ traceEvents: events, total }));
    summarise(events, total);
  } finally {
    await browser.close();
  }
} finally {
  await close();
}

function summarise(events: TraceEvent[], total: number): void {
  const names = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const nav = events.find((e) => e.name === 'navigationStart' && String(e.args?.data?.['documentLoaderURL'] ?? '').includes('visit='))?.ts ?? 0;
  const rel = (ts: number) => ((ts - nav) / 1000).toFixed(0);
  for (const e of events) if (e.cat.includes('user_timing') && e.ts >= nav && !/^(dom|load|unload|navigation|fetch|response|commit)/.test(e.name)) console.log('mark', e.name, rel(e.ts));

  // Self time per function and thread, from the sampling profiler's chunks.
  const selfByThread = new Map<string, Map<string, number>>();
  const totalByThread = new Map<string, Map<string, number>>();
  const profiles = new Map<string, { thread: string; nodes: Map<number, { fn: string; parent?: number }>; t: number }>();
  for (const e of events) {
    if (e.name === 'Profile') profiles.set(`${e.pid}:${e.id}`, { thread: `${e.pid}:${e.tid}`, nodes: new Map(), t: (e.args?.data?.['startTime'] as number) ?? 0 });
  }
  for (const e of events.filter((x) => x.name === 'ProfileChunk').sort((a, b) => a.ts - b.ts)) {
    const p = profiles.get(`${e.pid}:${e.id}`);
    if (!p) continue;
    const data = e.args?.data as { cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[] }; timeDeltas?: number[] };
    for (const n of data.cpuProfile?.nodes ?? []) {
      const file = (n.callFrame.url ?? '').split('/').pop() ?? '';
      p.nodes.set(n.id, { fn: `${n.callFrame.functionName || '(anon)'} ${file}:${n.callFrame.lineNumber}`, parent: n.parent });
    }
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    const self = selfByThread.get(p.thread) ?? new Map<string, number>();
    selfByThread.set(p.thread, self);
    samples.forEach((id, i) => {
      p.t += deltas[i] ?? 0;
      const at = (p.t - nav) / 1000;
      if (at > total || at < WINDOW[0] || at > WINDOW[1]) return;
      const fn = p.nodes.get(id)?.fn ?? '?';
      const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
      self.set(fn, (self.get(fn) ?? 0) + dt);
      const inclusive = totalByThread.get(p.thread) ?? new Map<string, number>();
      totalByThread.set(p.thread, inclusive);
      const seen = new Set<string>();
      for (let node = p.nodes.get(id); node; node = node.parent === undefined ? undefined : p.nodes.get(node.parent)) {
        if (seen.has(node.fn)) continue;
        seen.add(node.fn);
        inclusive.set(node.fn, (inclusive.get(node.fn) ?? 0) + dt);
      }
    });
  }

  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && (e.dur ?? 0) > 8_000 && e.ts >= nav && e.ts - nav < total * 1000);
  const byThread = new Map<string, TraceEvent[]>();
  for (const t of tasks) {
    const key = `${t.pid}:${t.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), t]);
  }
  for (const [key, list] of byThread) {
    const busy = list.reduce((s, t) => s + (t.dur ?? 0), 0) / 1000;
    console.log(`\n== ${names.get(key) ?? key}: ${list.length} tasks > 8 ms, ${busy.toFixed(0)} ms`);
    for (const t of list) {
      const inside = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X' && e.ts >= t.ts && e.ts < t.ts + (t.dur ?? 0) && e !== t && (e.dur ?? 0) > 3_000);
      const what = inside
        .filter((e) => ['FunctionCall', 'EvaluateScript', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'ParseHTML', 'Layout', 'Paint', 'UpdateLayoutTree', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.run', 'HandlePostMessage', 'GPUTask', 'MajorGC', 'MinorGC', 'V8.GC_MARK_COMPACTOR', 'ParseAuthorStyleSheet', 'Decode Image', 'ImageDecodeTask'].includes(e.name))
        .slice(0, 4)
        .map((e) => `${e.name}${e.args?.data?.['url'] ? ` ${String(e.args.data['url']).split('/').pop()}` : ''}${e.args?.data?.['functionName'] ? ` ${String(e.args.data['functionName'])}` : ''} ${((e.dur ?? 0) / 1000).toFixed(0)}`)
        .join(' | ');
      console.log(`  ${rel(t.ts).padStart(5)} +${((t.dur ?? 0) / 1000).toFixed(0).padStart(4)}  ${what}`);
    }
  }
  for (const [key, self] of selfByThread) {
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
    const sum = [...self].reduce((s, [, v]) => s + v, 0);
    console.log(`\n== self time, ${names.get(key) ?? key} (${sum.toFixed(0)} ms sampled)`);
    for (const [fn, v] of top) console.log(`  ${v.toFixed(1).padStart(7)}  ${fn}`);
    const inclusive = [...(totalByThread.get(key) ?? [])].filter(([fn]) => !fn.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, 40);
    console.log(`-- inclusive`);
    for (const [fn, v] of inclusive) console.log(`  ${v.toFixed(1).padStart(7)}  ${fn}`);
  }
}
