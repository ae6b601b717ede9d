/**
 * Export and import benchmark of the codecs: 10,000 and 100,000 observations to each
 * format, consumed chunk by chunk as a download stream would, and 100,000 imported from GeoJSON.
 * Prints a table; run with `node --import tsx bench/codecs.ts`. Figures depend on the machine's load.
 */
import { encodeCsv, importCsv } from '../src/core/codecs/csv.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../src/core/codecs/export-formats.ts';
import { importGeoJson } from '../src/core/codecs/geojson.ts';
import { dataset } from './export-dataset.ts';

/** Wall time, CPU time (less sensitive to a busy machine) and heap growth of one run. */
function measure<T>(run: () => T): { ms: number; cpuMs: number; peakMb: number; value: T } {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const peak = Math.max(base, process.memoryUsage().heapUsed);
  return { ms, cpuMs: (used.user + used.system) / 1000, peakMb: (peak - base) / 2 ** 20, value };
}

/** Drains an encoder as a stream consumer would: each chunk is looked at, then dropped. */
function drain(chunks: Iterable<string>): number {
  let bytes = 0;
  for (const chunk of chunks) bytes += chunk.length;
  return bytes;
}

const rows: string[][] = [['task', 'count', 'wall ms', 'cpu ms', 'output MB', 'heap Δ MB']];
for (const count of [10_000, 100_000]) {
  const data = dataset(count, 5, false);
  for (const format of Object.keys(EXPORT_FORMATS) as ExportFormat[]) {
    const { ms, cpuMs, peakMb, value } = measure(() => drain(EXPORT_FORMATS[format].encode(data, {})));
    rows.push([`export ${format}`, String(count), ms.toFixed(0), cpuMs.toFixed(0), (value / 2 ** 20).toFixed(1), peakMb.toFixed(1)]);
  }
}
const data = dataset(100_000, 5, false);
const geojson = Array.from(EXPORT_FORMATS.geojson.encode(data, {})).join('');
const imported = measure(() => importGeoJson(geojson));
rows.push(['import geojson', String(imported.value.observations.length), imported.ms.toFixed(0), imported.cpuMs.toFixed(0), (geojson.length / 2 ** 20).toFixed(1), imported.peakMb.toFixed(1)]);
const csv = Array.from(encodeCsv(data)).join('');
const importedCsv = measure(() => importCsv(csv));
rows.push(['import csv', String(importedCsv.value.observations.length), importedCsv.ms.toFixed(0), importedCsv.cpuMs.toFixed(0), (csv.length / 2 ** 20).toFixed(1), importedCsv.peakMb.toFixed(1)]);

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
