/**
 * The Chromium side of bench/export-bench.ts: the app's own export and import code, bundled by Vite
 * and driven from Node through playwright. Memory is Chromium's precise JS heap figure, sampled as
 * the work goes (--enable-precise-memory-info).
 */
import { encodeGeoJson } from '../../src/core/codecs/geojson.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/core/codecs/export-formats.ts';
import { readText } from '../../src/app/export/read-import-file.ts';
import { readImportInWorker } from '../../src/app/export/read-import-in-worker.ts';
import { buildTextExport } from '../../src/app/export/text-export.ts';
import { openDb } from '../../src/store/db.ts';
import { applyImport, planImport } from '../../src/store/import.ts';
import { dataset } from '../export-dataset.ts';

const heap = (): number => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;

export interface Figure {
  ms: number;
  peakMb: number;
  outputMb: number;
}

/** One export of `count`; `sampleHeap` false leaves out the heap sampling (reading performance.memory costs time). */
export async function exportFormat(format: ExportFormat, count: number, sampleHeap = true): Promise<Figure> {
  const data = dataset(count);
  const base = heap();
  let peak = base;
  const start = performance.now();
  const blob = await buildTextExport(format, data, {}, (done) => {
    if (sampleHeap && done % 2000 === 0) peak = Math.max(peak, heap());
  });
  const ms = performance.now() - start;
  peak = Math.max(peak, heap());
  return { ms, peakMb: (peak - base) / 2 ** 20, outputMb: blob.size / 2 ** 20 };
}

/** The encoder alone, its chunks dropped as they come: what the Blob and the yields add is the rest. */
export function encodeOnly(format: ExportFormat, count: number): number {
  const data = dataset(count);
  const start = performance.now();
  let length = 0;
  for (const chunk of EXPORT_FORMATS[format].encode(data, {})) length += chunk.length;
  if (length === 0) throw new Error('expected output');
  return performance.now() - start;
}

/** The export's floor: JSON.stringify of the same observations, in one string. */
export function stringifyOnly(count: number): number {
  const data = dataset(count);
  const start = performance.now();
  const text = JSON.stringify(data);
  if (text.length === 0) throw new Error('expected output');
  return performance.now() - start;
}

/**
 * A second floor, beside the first: JSON.stringify of the export's own document (45 % more text:
 * flat fields and OSM tags), its objects made beforehand by parsing the export, untimed.
 */
export async function stringifyDocument(count: number): Promise<number> {
  const doc: unknown = JSON.parse(await (await buildTextExport('geojson', dataset(count), {})).text());
  const start = performance.now();
  const text = JSON.stringify(doc);
  if (text.length === 0) throw new Error('expected output');
  return performance.now() - start;
}

/**
 * The longest the page went without running a task while `work` ran: how long a tap would have
 * waited at worst (a MessageChannel ping-pong, so the browser's timer clamping does not count).
 */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  const channel = new MessageChannel();
  let last = performance.now();
  let stall = 0;
  let running = true;
  channel.port1.onmessage = () => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
    if (running) channel.port2.postMessage(null);
  };
  channel.port2.postMessage(null);
  try {
    const value = await work();
    stall = Math.max(stall, performance.now() - last);
    return { value, stallMs: stall };
  } finally {
    running = false;
    channel.port1.close();
  }
}

/**
 * The app's import of `count` from a GeoJSON file, as the import panel runs it: the file read and
 * parsed in a worker (readImportInWorker), the preview (planImport), the write (applyImport). `stallMs`: the longest
 * stall of the whole import, parse included; `writeStallMs`: of the write alone.
 */
export async function importGeoJson(
  count: number,
): Promise<Figure & { parseMs: number; planMs: number; writeMs: number; stallMs: number; writeStallMs: number; progressCalls: number }> {
  const text = Array.from(encodeGeoJson(dataset(count, 0))).join('');
  const file = new File([text], 'bench.geojson', { type: 'application/geo+json' });
  const db = await openDb(`bench-import-${count}-${Date.now()}`);
  const base = heap();
  let peakAfterPlan = 0;
  let progressCalls = 0;
  const times = { start: 0, parsed: 0, planned: 0, end: 0 };
  const { value, stallMs } = await longestStall(async () => {
    times.start = performance.now();
    const source = await readImportInWorker(file);
    times.parsed = performance.now();
    const plan = await planImport(db, source.bundle);
    times.planned = performance.now();
    peakAfterPlan = heap();
    const write = await longestStall(() => applyImport(db, source.bundle, new Date(), () => (progressCalls += 1)));
    times.end = performance.now();
    return { plan, applied: write.value, writeStallMs: write.stallMs };
  });
  const { plan, applied, writeStallMs } = value;
  if (plan.totals.new !== count || applied.totals.new !== count) throw new Error(`expected ${count} new, got ${plan.totals.new}/${applied.totals.new}`);
  db.close();
  indexedDB.deleteDatabase(db.name);
  return {
    ms: times.end - times.start,
    parseMs: times.parsed - times.start,
    planMs: times.planned - times.parsed,
    writeMs: times.end - times.planned,
    stallMs,
    writeStallMs,
    progressCalls,
    peakMb: (Math.max(peakAfterPlan, heap()) - base) / 2 ** 20,
    outputMb: text.length / 2 ** 20,
  };
}

/**
 * The import's floor: the same observations (as the importer reads them) put in one strict
 * transaction into a bare database with the same store, key and indexes (observedAt, kind), raw
 * requests all issued at once. With `outbox`, a second floor of what the import must write: each
 * observation and its outbox entry (the store, key and index `queuedAt` of db.ts) in that one
 * transaction. Returns the write time in ms.
 */
export async function bareBulkPut(count: number, outbox = false): Promise<{ ms: number; stallMs: number }> {
  const { observations } = readText(Array.from(encodeGeoJson(dataset(count, 0))).join(''), 'bench.geojson').bundle;
  const name = `bench-bulk-${count}-${Date.now()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('observations', { keyPath: 'id' });
      store.createIndex('observedAt', 'observedAt');
      store.createIndex('kind', 'kind');
      if (outbox) open.result.createObjectStore('outbox', { keyPath: 'id' }).createIndex('queuedAt', 'queuedAt');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const stores = outbox ? ['observations', 'outbox'] : ['observations'];
  const start = performance.now();
  const { stallMs } = await longestStall(
    () =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction(stores, 'readwrite', { durability: 'strict' });
        const store = tx.objectStore('observations');
        const queue = outbox ? tx.objectStore('outbox') : null;
        const queuedAt = new Date().toISOString();
        for (const obs of observations) {
          store.put(obs);
          queue?.put({ id: obs.id, version: obs.version, baseVersion: null, queuedAt, attempts: 0 });
        }
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(tx.error);
      }),
  );
  const ms = performance.now() - start;
  db.close();
  indexedDB.deleteDatabase(name);
  return { ms, stallMs };
}
