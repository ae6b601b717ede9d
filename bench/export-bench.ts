/**
 * Export/import benchmark of the app. Prints tables:
 *  1. Node: the app's one-file exports (src/app/export/text-export.ts: the encoders' chunks into a
 *     Blob, yielding between chunks) of 10,000 and 100,000 observations to each format;
 *  2. Node: the ZIP bundle of 10,000 observations streamed to a file with 100 MB and with 1 GB of
 *     photos, to show that its memory does not grow with the photos;
 *  3. Node: import from GeoJSON: parsing 100,000, and the preview and one-transaction write of
 *     10,000 into fake-indexeddb (far slower than a browser's IndexedDB);
 *  4. Chromium (Debian's, headless): the same exports and the 100,000 import into real IndexedDB,
 *     with the app's code bundled by Vite.
 *     Beside the write, its floor (a bare bulk put of the same observations with the same indexes),
 *     a second floor (the same with each observation's outbox entry, which the import must write
 *     too) and the longest the page went without running a task (how long a tap would wait), over the
 *     whole import (the file read and parsed, the preview, the write) and over the write alone.
 * Run: `node --expose-gc --import tsx bench/export-bench.ts` (add `--node` or `--chromium` for one
 * half, `--import` for the Chromium import alone, `--export` for the GeoJSON export of 100,000 beside
 * JSON.stringify of the same observations, its floor, and beside it JSON.stringify of the export's own
 * document, in Node and Chromium; add `--profile` for where one Chromium export spends its time, from
 * V8's sampling profiler over CDP). Figures depend on the machine's load; tests never assert them.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import 'fake-indexeddb/auto';
import { encodeGeoJson } from '../src/core/codecs/geojson.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../src/core/codecs/export-formats.ts';
import { readmeText } from '../src/core/codecs/readme-text.ts';
import { readText } from '../src/app/export/read-import-file.ts';
import { buildTextExport } from '../src/app/export/text-export.ts';
import { writeBundle } from '../src/app/export/zip-bundle.ts';
import { openDb } from '../src/store/db.ts';
import { applyImport, planImport } from '../src/store/import.ts';
import { dataset, fakeJpegBytes } from './export-dataset.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const FORMATS = Object.keys(EXPORT_FORMATS) as ExportFormat[];
const COUNTS = [10_000, 100_000];
const args = new Set(process.argv.slice(2));
/** `--import`: only the Chromium import of 100,000, beside its floors, IMPORT_RUNS times. */
const importOnly = args.has('--import');
/** `--export`: only the GeoJSON export of 100,000 beside JSON.stringify of the same, EXPORT_RUNS times, in Node and Chromium. */
const exportOnly = args.has('--export');
const runNode = !args.has('--chromium') && !importOnly && !exportOnly;
const runChromium = !args.has('--node') && !exportOnly;
const IMPORT_RUNS = 5;
const EXPORT_RUNS = 5;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[sorted.length >> 1]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};
/** Median (min–max) of one figure over runs. */
const spread = <R>(runs: R[], pick: (r: R) => number, digits = 0) => {
  const xs = runs.map(pick);
  return `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
};

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function table(title: string, rows: string[][]): void {
  console.log(`\n${title}`);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

/** Peak of heap + external (Blobs and buffers live outside the JS heap in Node) and of RSS, sampled. */
function memorySampler() {
  gc();
  const start = process.memoryUsage();
  const base = start.heapUsed + start.external + start.arrayBuffers;
  let peak = base;
  let peakRss = start.rss;
  return {
    sample: () => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.external + m.arrayBuffers);
      peakRss = Math.max(peakRss, m.rss);
    },
    result: () => ({ deltaMb: mb(peak - base), rssDeltaMb: mb(peakRss - start.rss) }),
  };
}

async function nodeExports(): Promise<void> {
  const rows = [['format', 'count', 'ms', 'output MB', 'heap+ext Δ MB', 'RSS Δ MB']];
  for (const count of COUNTS) {
    const data = dataset(count);
    for (const format of FORMATS) {
      const memory = memorySampler();
      const start = performance.now();
      const blob = await buildTextExport(format, data, {}, (done) => {
        if (done % 2000 === 0) memory.sample();
      });
      const ms = performance.now() - start;
      memory.sample();
      const m = memory.result();
      rows.push([format, String(count), ms.toFixed(0), mb(blob.size), m.deltaMb, m.rssDeltaMb]);
    }
  }
  table(`Node ${process.version}: one-file exports (text-export.ts → Blob)`, rows);
}

async function nodeZip(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'contrechamp-bench-'));
  const photoSize = 512 * 1024;
  const photo = fakeJpegBytes(photoSize);
  const rows = [['observations', 'photos', 'photo MB', 'ms', 'ZIP MB', 'heap+ext Δ MB', 'RSS Δ MB']];
  try {
    for (const photoEvery of [50, 5]) {
      const data = dataset(10_000, photoEvery);
      const photos = data.filter((o) => o.photos.length > 0).length;
      const path = join(dir, `bundle-${photoEvery}.zip`);
      const file = await open(path, 'w');
      const memory = memorySampler();
      const start = performance.now();
      await writeBundle(
        { write: async (chunk) => void (await file.write(chunk)) },
        {
          observations: data,
          acked: {},
          // A fresh buffer per photo, as an IndexedDB read gives.
          readPhoto: async (hash) => ({ hash, type: 'image/jpeg', data: photo.slice().buffer, width: 2048, height: 1536, size: photoSize }),
          readme: readmeText('fr'),
        },
        (done) => {
          if (done % 500 === 0) memory.sample();
        },
      );
      await file.close();
      const ms = performance.now() - start;
      memory.sample();
      const m = memory.result();
      rows.push(['10000', String(photos), mb(photos * photoSize), ms.toFixed(0), mb(statSync(path).size), m.deltaMb, m.rssDeltaMb]);
      rmSync(path);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  table(`Node ${process.version}: ZIP bundle streamed to a file (photos stored, 512 KB each)`, rows);
}

async function nodeImport(): Promise<void> {
  // Parsing is measured on 100,000; writing on 10,000 only: fake-indexeddb takes minutes for 100,000
  // (Chromium's real IndexedDB is measured below).
  const rows = [['step', 'count', 'ms', 'heap+ext Δ MB']];
  for (const [count, write] of [
    [100_000, false],
    [10_000, true],
  ] as const) {
    const text = Array.from(encodeGeoJson(dataset(count, 0))).join('');
    const memory = memorySampler();
    const start = performance.now();
    const source = readText(text, 'bench.geojson');
    memory.sample();
    rows.push([`parse ${mb(text.length)} MB (readText → importGeoJson)`, String(count), (performance.now() - start).toFixed(0), memory.result().deltaMb]);
    if (!write) continue;
    const db = await openDb(`bench-${Date.now()}`);
    const planStart = performance.now();
    const plan = await planImport(db, source.bundle);
    const planned = performance.now();
    await applyImport(db, source.bundle);
    const end = performance.now();
    memory.sample();
    db.close();
    if (plan.totals.new !== count) throw new Error(`expected ${count} new observations, got ${plan.totals.new}`);
    rows.push(['preview (planImport), fake-indexeddb', String(count), (planned - planStart).toFixed(0), '']);
    rows.push(['write (applyImport, one transaction), fake-indexeddb', String(count), (end - planned).toFixed(0), memory.result().deltaMb]);
  }
  table(`Node ${process.version}: import from GeoJSON`, rows);
}

/**
 * Builds the Chromium side (bench/export-page) with Vite, serves it and opens it in Debian's
 * Chromium; `use` gets the page, a way to load it afresh and the browser's version.
 */
async function withBenchPage<T>(
  chromiumArgs: string[],
  use: (page: import('playwright-core').Page, fresh: () => Promise<void>, version: string) => Promise<T>,
  minify = true,
): Promise<T> {
  const { build } = await import('vite');
  const { startStaticServer, CHROMIUM, CHROMIUM_ARGS } = await import('../tests/e2e/harness.ts');
  const { chromium: playwright } = await import('playwright-core');
  const outDir = mkdtempSync(join(tmpdir(), 'contrechamp-bench-page-'));
  try {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, minify, lib: { entry: join(ROOT, 'bench/export-page/entry.ts'), formats: ['es'], fileName: 'bench' } },
    });
    writeFileSync(join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module">import * as b from "./bench.js"; window.bench = b; window.benchReady = true;</script>');
    const server = await startStaticServer([{ prefix: '/', dir: outDir }]);
    const browser = await playwright.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...chromiumArgs] });
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(600_000);
      const fresh = async () => {
        await page.goto(`${server.origin}/index.html`);
        await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
      };
      await fresh();
      return await use(page, fresh, browser.version());
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function chromium(): Promise<void> {
  await withBenchPage(['--enable-precise-memory-info', '--js-flags=--expose-gc'], async (page, fresh, version) => {
    if (!importOnly) {
      const rows = [['format', 'count', 'ms', 'encoder only ms', 'output MB', 'JS heap Δ MB']];
      for (const count of COUNTS) {
        for (const format of FORMATS) {
          // A fresh page per run, so one run's garbage does not count in the next one's peak.
          await page.reload();
          await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
          const figure = (await page.evaluate(
            ([f, n]) => (window as unknown as { bench: { exportFormat: (f: string, n: number) => Promise<unknown> } }).bench.exportFormat(f, n),
            [format, count] as const,
          )) as { ms: number; peakMb: number; outputMb: number };
          const encoderMs = (await page.evaluate(
            ([f, n]) => (window as unknown as { bench: { encodeOnly: (f: string, n: number) => number } }).bench.encodeOnly(f, n),
            [format, count] as const,
          )) as number;
          rows.push([format, String(count), figure.ms.toFixed(0), encoderMs.toFixed(0), figure.outputMb.toFixed(1), figure.peakMb.toFixed(1)]);
        }
      }
      table(`Chromium ${version} (headless, this machine): one-file exports (text-export.ts → Blob)`, rows);
    }
    // Ours and the floor alternated, each on a fresh page, so both see the same load.
    const runs: { write: number; floor: number; floorOutbox: number; parse: number; plan: number; total: number; stall: number; writeStall: number; floorStall: number; progress: number; heapMb: number; mb: number }[] = [];
    for (let run = 0; run < IMPORT_RUNS; run += 1) {
      await fresh();
      const imported = (await page.evaluate(() =>
        (window as unknown as { bench: { importGeoJson: (n: number) => Promise<unknown> } }).bench.importGeoJson(100_000),
      )) as { ms: number; parseMs: number; planMs: number; writeMs: number; stallMs: number; writeStallMs: number; progressCalls: number; peakMb: number; outputMb: number };
      await fresh();
      const floor = (await page.evaluate(() =>
        (window as unknown as { bench: { bareBulkPut: (n: number) => Promise<unknown> } }).bench.bareBulkPut(100_000),
      )) as { ms: number; stallMs: number };
      await fresh();
      const floorOutbox = (await page.evaluate(() =>
        (window as unknown as { bench: { bareBulkPut: (n: number, outbox: boolean) => Promise<unknown> } }).bench.bareBulkPut(100_000, true),
      )) as { ms: number; stallMs: number };
      runs.push({
        write: imported.writeMs,
        floor: floor.ms,
        floorOutbox: floorOutbox.ms,
        parse: imported.parseMs,
        plan: imported.planMs,
        total: imported.ms,
        stall: imported.stallMs,
        writeStall: imported.writeStallMs,
        floorStall: floor.stallMs,
        progress: imported.progressCalls,
        heapMb: imported.peakMb,
        mb: imported.outputMb,
      });
    }
    const figure = (pick: (r: (typeof runs)[number]) => number, digits = 0) => spread(runs, pick, digits);
    table(`Chromium ${version}: import of 100000 observations from GeoJSON (${runs[0]!.mb.toFixed(1)} MB) into IndexedDB, medians of ${IMPORT_RUNS} runs (spread)`, [
      ['step', 'ms (spread)'],
      ['read and parse the file (readImportInWorker)', figure((r) => r.parse)],
      ['preview (planImport)', figure((r) => r.plan)],
      ['write (applyImport: observations and outbox entries, one transaction in slices)', figure((r) => r.write)],
      ['floor: bare bulk put of the observations, same indexes, one strict transaction', figure((r) => r.floor)],
      ['write / floor (target < 1.3×)', `${figure((r) => r.write / r.floor, 2)}×`],
      ['second floor: bare bulk put of the observations and their outbox entries, same stores and indexes, one strict transaction', figure((r) => r.floorOutbox)],
      ['write / second floor', `${figure((r) => r.write / r.floorOutbox, 2)}×`],
      ['second floor / floor (what the outbox entries cost)', `${figure((r) => r.floorOutbox / r.floor, 2)}×`],
      ['total (parse + preview + write)', figure((r) => r.total)],
      ['longest stall of the page during the whole import (read, parse, preview, write)', figure((r) => r.stall)],
      ['longest stall of the page during the write', figure((r) => r.writeStall)],
      ['longest stall during the floor', figure((r) => r.floorStall)],
      ['progress reports during the write', figure((r) => r.progress)],
      ['JS heap Δ MB', figure((r) => r.heapMb, 1)],
    ]);
  });
}

/**
 * The GeoJSON export of 100,000 (text-export.ts → Blob) beside JSON.stringify of the same
 * observations (the issue's floor) and of the export's own document (a second floor), in Node and in Chromium.
 */
async function exportBesideStringify(): Promise<void> {
  const count = 100_000;
  type Run = { ours: number; floor: number; document: number };
  const node: Run[] = [];
  for (let run = 0; run < EXPORT_RUNS; run += 1) {
    const data = dataset(count);
    gc();
    let start = performance.now();
    const blob = await buildTextExport('geojson', data, {});
    const ours = performance.now() - start;
    const doc: unknown = JSON.parse(await blob.text());
    gc();
    start = performance.now();
    JSON.stringify(data);
    const floor = performance.now() - start;
    gc();
    start = performance.now();
    JSON.stringify(doc);
    node.push({ ours, floor, document: performance.now() - start });
  }
  type Bench = {
    exportFormat: (f: string, n: number, sampleHeap: boolean) => Promise<{ ms: number }>;
    stringifyOnly: (n: number) => number;
    stringifyDocument: (n: number) => Promise<number>;
  };
  const page: Run[] = [];
  const version = await withBenchPage([], async (tab, fresh, browserVersion) => {
    for (let run = 0; run < EXPORT_RUNS; run += 1) {
      await fresh();
      // The app's own export as the export view runs it (a progress callback), without the heap sampling.
      const ours = await tab.evaluate((n) => (window as unknown as { bench: Bench }).bench.exportFormat('geojson', n, false), count);
      await fresh();
      const floor = await tab.evaluate((n) => (window as unknown as { bench: Bench }).bench.stringifyOnly(n), count);
      await fresh();
      const document = await tab.evaluate((n) => (window as unknown as { bench: Bench }).bench.stringifyDocument(n), count);
      page.push({ ours: ours.ms, floor, document });
    }
    return browserVersion;
  });
  const rows = [['where', 'GeoJSON export ms', 'JSON.stringify ms (floor)', 'ratio (target < 2×)', 'stringify of the document ms (second floor)', 'ratio']];
  for (const [where, runs] of [[`Node ${process.version}`, node], [`Chromium ${version}`, page]] as const) {
    rows.push([
      where,
      spread(runs, (r) => r.ours),
      spread(runs, (r) => r.floor),
      `${spread(runs, (r) => r.ours / r.floor, 2)}×`,
      spread(runs, (r) => r.document),
      `${spread(runs, (r) => r.ours / r.document, 2)}×`,
    ]);
  }
  table(`Export of ${count} observations to GeoJSON (text-export.ts → Blob) beside JSON.stringify of the same observations and of the output document, medians of ${EXPORT_RUNS} runs (spread)`, rows);
  if (args.has('--profile')) await profileChromiumExport(count);
}

/** Self time per function of one Chromium export of `count` to GeoJSON (V8's sampling profiler, unminified build). */
async function profileChromiumExport(count: number): Promise<void> {
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
  type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const profile = await withBenchPage(
    [],
    async (tab) => {
      const cdp = await tab.context().newCDPSession(tab);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await tab.evaluate((n) => (window as unknown as { bench: { exportFormat: (f: string, n: number, sampleHeap: boolean) => Promise<unknown> } }).bench.exportFormat('geojson', n, false), count);
      return ((await cdp.send('Profiler.stop')) as { profile: Profile }).profile;
    },
    false,
  );
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    const us = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
  const rows = [['function (self time)', 'ms', 'share']];
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) rows.push([key, (us / 1000).toFixed(0), `${((100 * us) / total).toFixed(1)} %`]);
  table(`Chromium: where one GeoJSON export of ${count} spends its time (dataset made inside, idle between tasks included; ${(total / 1000).toFixed(0)} ms sampled)`, rows);
}

if (exportOnly) await exportBesideStringify();
if (runNode) {
  await nodeExports();
  await nodeZip();
  await nodeImport();
}
if (runChromium) await chromium();
