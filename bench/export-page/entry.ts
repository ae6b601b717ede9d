/**
 * The Chromium side of bench/export-bench.ts: the app's own export and import code, bundled by Vite
 * and driven from Node through playwright. Memory is Chromium's precise JS heap figure, sampled as
 * the work goes (--enable-precise-memory-info).
 */
import { encodeGeoJson } from '../../src/core/codecs/geojson.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/core/codecs/export-formats.ts';
import { readText } from '../../src/app/export/read-import-file.ts';
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

export async function exportFormat(format: ExportFormat, count: number): Promise<Figure> {
  const data = dataset(count);
  const base = heap();
  let peak = base;
  const start = performance.now();
  const blob = await buildTextExport(format, data, {}, (done) => {
    if (done % 2000 === 0) peak = Math.max(peak, heap());
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

export async function importGeoJson(count: number): Promise<Figure & { parseMs: number; planMs: number; writeMs: number }> {
  const text = Array.from(encodeGeoJson(dataset(count, 0))).join('');
  const db = await openDb(`bench-import-${count}-${Date.now()}`);
  const base = heap();
  const start = performance.now();
  const source = readText(text, 'bench.geojson');
  const parsed = performance.now();
  const plan = await planImport(db, source.bundle);
  const planned = performance.now();
  const peakAfterPlan = heap();
  const applied = await applyImport(db, source.bundle);
  const end = performance.now();
  if (plan.totals.new !== count || applied.totals.new !== count) throw new Error(`expected ${count} new, got ${plan.totals.new}/${applied.totals.new}`);
  db.close();
  return {
    ms: end - start,
    parseMs: parsed - start,
    planMs: planned - parsed,
    writeMs: end - planned,
    peakMb: (Math.max(peakAfterPlan, heap()) - base) / 2 ** 20,
    outputMb: text.length / 2 ** 20,
  };
}
