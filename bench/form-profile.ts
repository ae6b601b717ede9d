/**
 * Where a save through the form spends its time, from the tap on Save to the painted "saved"
 * toast (the figure of `npm run bench -- --only=form`), traced with CDP in Debian's Chromium.
 *   [FORM_MAP=drawn] node --import tsx bench/form-profile.ts [stored=0] [saves=6] [trace.json]
 * Seeds `stored` observations, opens the form from the kind's route `saves` times as bench/run.ts
 * does, and prints for each save: when the toast reached the page and when it was painted, the
 * renderer's main-thread tasks over 3 ms in that span, how long the GPU process's main thread and
 * Chromium's IndexedDB backend were busy, and the whole trace is written for chrome://tracing.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, launchChromium, newContext, tid } from '../tests/e2e/harness.ts';
import { openForm } from './app-page/open-form.ts';
import { serveBenchApp } from './app-page/serve.ts';

const stored = Number(process.argv[2] ?? 0);
const saves = Number(process.argv[3] ?? 6);
const tracePath = process.argv[4] ?? join(tmpdir(), 'form-save-trace.json');
/** `FORM_MAP=drawn`: tap Save only once the form's map is drawn and idle (bench/app-page/open-form.ts). */
const mapDrawn = process.env.FORM_MAP === 'drawn';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { type?: string; functionName?: string; url?: string; lineNumber?: number } };
}

/** As bench/run.ts: when Save is pressed, when the toast is added, when a frame with it has run. */
const SAVE_PROBE = `(() => {
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-testid="save-observation"]')) {
      window.__saveClicked = performance.now();
      window.__savedPainted = undefined;
      performance.mark('save-clicked');
    }
  }, true);
  new MutationObserver((records) => {
    if (window.__saveClicked === undefined || window.__savedPainted !== undefined) return;
    if (records.some((r) => [...r.addedNodes].some((n) => n instanceof Element && n.matches('[data-testid="toast"]')))) {
      window.__toastAdded = performance.now();
      requestAnimationFrame(() => { window.__savedPainted = performance.now(); performance.mark('saved-painted'); });
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

const { server, close } = await serveBenchApp('form-profile');
try {
  const browser = await launchChromium();
  try {
    const { context } = await newContext(browser, server.origin);
    const seeding = await context.newPage();
    await seeding.goto('/__bench/index.html');
    await seeding.waitForFunction('typeof window.benchSeed === "function"');
    if (stored) await evaluate(seeding, (n: number) => window.benchSeed(n), stored, 300_000);
    await context.addInitScript(SAVE_PROBE);
    const page = await context.newPage();
    await page.goto('/?test=1');
    const cdp = await context.newCDPSession(page);
    const global = async (name: string): Promise<number> => {
      for (;;) {
        const value = await page.evaluate(`window.${name}`);
        if (typeof value === 'number') return value;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // Warm-up: the form's chunk, MapLibre and the first map.
    await openForm(page, 'profil -1', mapDrawn);
    await page.locator(tid('save-observation')).click();
    await global('__savedPainted');

    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e: { value: object[] }) => events.push(...(e.value as TraceEvent[])));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,v8,blink,IndexedDB,gpu,viz',
      transferMode: 'ReportEvents',
    });
    const spans: { toast: number; painted: number }[] = [];
    for (let i = 0; i < saves; i += 1) {
      await openForm(page, `profil ${i}`, mapDrawn);
      await page.locator(tid('save-observation')).click();
      const painted = await global('__savedPainted');
      const clicked = (await page.evaluate('window.__saveClicked')) as number;
      spans.push({ toast: ((await page.evaluate('window.__toastAdded')) as number) - clicked, painted: painted - clicked });
      await new Promise((r) => setTimeout(r, 300));
    }
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await complete;
    writeFileSync(tracePath, JSON.stringify({ traceEvents: events }));

    const threadName = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? '']));
    const processName = new Map(events.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args?.name ?? '']));
    const clicks = events.filter((e) => e.name === 'save-clicked').sort((a, b) => a.ts - b.ts);
    const renderer = clicks[0]!.pid;
    const main = [...threadName].find(([key, name]) => name === 'CrRendererMain' && key.startsWith(`${renderer}:`))![0];
    const spansOf = events.filter((e) => e.ph === 'X' && e.dur !== undefined);
    const busy = (filter: (e: TraceEvent) => boolean, from: number, to: number) =>
      spansOf.filter((e) => filter(e) && e.ts < to && e.ts + e.dur! > from).reduce((sum, e) => sum + (Math.min(e.ts + e.dur!, to) - Math.max(e.ts, from)) / 1000, 0);
    const gpuMain = (e: TraceEvent) => processName.get(e.pid) === 'GPU Process' && threadName.get(`${e.pid}:${e.tid}`) === 'CrGpuMain' && e.name === 'RunTask';
    const idbBackend = (e: TraceEvent) => e.name.startsWith('Database::') && e.name.endsWith('Operation');
    clicks.forEach((click, i) => {
      const span = spans[i]!;
      const from = click.ts;
      const to = from + span.painted * 1000;
      console.log(`\nsave ${i}: toast in the page at +${span.toast.toFixed(1)} ms, painted at +${span.painted.toFixed(1)} ms`);
      console.log(`  GPU process main thread busy ${busy(gpuMain, from, to).toFixed(1)} ms; IndexedDB backend operations ${busy(idbBackend, from, to).toFixed(1)} ms`);
      const tasks = spansOf.filter((e) => `${e.pid}:${e.tid}` === main && e.name === 'RunTask' && e.dur! > 3000 && e.ts < to && e.ts + e.dur! > from - 5000);
      for (const task of tasks) {
        const inside = spansOf.filter((e) => `${e.pid}:${e.tid}` === main && e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.dur! > 1000 && e.name !== 'RunTask');
        const what = inside.slice(0, 6).map((e) => `${e.name}${e.args?.data?.type ? `{${e.args.data.type}}` : ''}${e.args?.data?.url ? `[${e.args.data.url.split('/').pop()}:${e.args.data.lineNumber}]` : ''} ${(e.dur! / 1000).toFixed(1)}`);
        console.log(`  +${((task.ts - from) / 1000).toFixed(1)} task ${(task.dur! / 1000).toFixed(1)} ms: ${what.join(' | ')}`);
      }
    });
    const sorted = spans.map((s) => s.painted).sort((a, b) => a - b);
    console.log(`\nmedian ${sorted[sorted.length >> 1]!.toFixed(1)} ms; trace written to ${tracePath}`);
  } finally {
    await browser.close();
  }
} finally {
  await close();
}
