/**
 * `npm run bench:importers`: the importers on 100,000 records, each beside a floor measured in the
 * same run (the bare parse of the same text by the same kind of parser; the direction parser has
 * its own, bench/direction-bench.ts):
 * - GeoJSON (importText 'geojson') beside JSON.parse;
 * - CSV (importText 'csv') beside papaparse reading the rows, nothing else;
 * - OSM XML (importText 'osm-xml') beside sax reading every tag, nothing else.
 * Medians of RUNS runs, spread given. `--inputs=DIR` reads the files from DIR (written there when
 * missing), so that an older checkout is measured on exactly the same inputs.
 * Figures depend on the machine's load; tests never assert them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import sax from 'sax';
import { EXPORT_FORMATS } from '../src/core/codecs/export-formats.ts';
import { importText, type ImportFormat } from '../src/core/codecs/import-formats.ts';
import { dataset } from './export-dataset.ts';

const COUNT = 100_000;
const RUNS = 5;

const inputsArg = process.argv.find((a) => a.startsWith('--inputs='))?.slice('--inputs='.length);
const dir = inputsArg ?? '';
const inputOf = (name: string, make: () => string): string => {
  const path = dir && join(dir, name);
  if (path && existsSync(path)) return readFileSync(path, 'utf8');
  const text = make();
  if (path) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, text);
  }
  return text;
};

const data = dataset(COUNT, 0, false);
const encoded = (format: 'geojson' | 'csv' | 'osm') => () => Array.from(EXPORT_FORMATS[format].encode(data, {})).join('');
const geojson = inputOf('bench.geojson', encoded('geojson'));
const csv = inputOf('bench.csv', encoded('csv'));
const osm = inputOf('bench.osm', encoded('osm'));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Alternates ours and the floor RUNS times; returns the medians and the spreads. */
function compare(ours: () => unknown, floor: () => unknown): string[] {
  const o: number[] = [];
  const f: number[] = [];
  const time = (run: () => unknown) => {
    const start = performance.now();
    run();
    return performance.now() - start;
  };
  for (let i = 0; i < RUNS; i += 1) {
    o.push(time(ours));
    f.push(time(floor));
  }
  const ratios = o.map((x, i) => x / f[i]!);
  const spread = (xs: number[], digits = 0) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  return [`${median(o).toFixed(0)} (${spread(o)})`, `${median(f).toFixed(0)} (${spread(f)})`, `${median(ratios).toFixed(2)}× (${spread(ratios, 2)})`];
}

/** Observations each format gave (OSM has no drones nor mobile units: those are skipped). */
const read = new Map<ImportFormat, number>();
const imported = (format: ImportFormat, text: string) => () => {
  const result = importText(format, text);
  read.set(format, result.observations.length);
};
const saxOnly = () => {
  const parser = sax.parser(true, {});
  let tags = 0;
  parser.onopentag = () => (tags += 1);
  parser.write(osm).close();
  return tags;
};

const rows = [
  ['task', 'MB', 'ours ms (spread)', 'floor ms (spread)', 'ratio (spread)', 'floor'],
  ['import GeoJSON', (geojson.length / 2 ** 20).toFixed(1), ...compare(imported('geojson', geojson), () => JSON.parse(geojson)), 'JSON.parse'],
  ['import CSV', (csv.length / 2 ** 20).toFixed(1), ...compare(imported('csv', csv), () => Papa.parse(csv, { skipEmptyLines: true })), 'papaparse rows'],
  ['import OSM XML', (osm.length / 2 ** 20).toFixed(1), ...compare(imported('osm-xml', osm), saxOnly), 'sax, every tag'],
];
rows[1]!.push(String(read.get('geojson')));
rows[2]!.push(String(read.get('csv')));
rows[3]!.push(String(read.get('osm-xml')));
rows[0]!.push('observations read');
console.log(`\nImporters on ${COUNT.toLocaleString('en')} records (Node ${process.version}), medians of ${RUNS} runs`);
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
rows.forEach((row, i) => {
  console.log(row.map((cell, c) => (c === 0 || c === 5 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd());
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
});
