/**
 * The direction parser (core/direction.ts) on 100,000 `camera:direction` values as mappers write
 * them (degrees, compass points and words, `;` lists, ranges, across north, unreadable ones), beside
 * a floor measured in the same run: `Number.parseFloat` over the same strings. Each figure is the
 * median of 7 runs, with the spread (min–max). Run with `node --import tsx bench/direction-bench.ts`.
 */
import { parseDirections } from '../src/core/direction.ts';

const COUNT = 100_000;
const RUNS = 7;
const SAMPLES = ['90', '270', '0', '22.5', '-90', 'N', 'NW', 'SSE', 'north-west', 'South', '90;270', 'N;SE', '80-100', '340-20', 'E-W', '45°', '0;90;180;270', 'forward', '90 270', ''];
const values = Array.from({ length: COUNT }, (_, i) => SAMPLES[(i * 7919) % SAMPLES.length]!);

/** Milliseconds of each of RUNS passes of `run` over every value (one warm-up pass first). */
function time(run: (text: string) => unknown): number[] {
  let sink = 0;
  const pass = (): void => {
    for (const v of values) if (run(v) !== null) sink += 1;
  };
  pass();
  const out: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    pass();
    out.push(performance.now() - start);
  }
  if (sink < 0) console.log(sink);
  return out.sort((a, b) => a - b);
}

const median = (xs: readonly number[]): number => xs[Math.floor(xs.length / 2)]!;
const spread = (xs: readonly number[]): string => `${xs[0]!.toFixed(1)}–${xs[xs.length - 1]!.toFixed(1)}`;

const floor = time((v) => Number.parseFloat(v));
const ours = time((v) => parseDirections(v));
const rows = [
  ['task', 'values', 'median ms', 'spread ms', 'floor ms (parseFloat)', 'floor spread', 'ratio'],
  ['parse directions', String(COUNT), median(ours).toFixed(1), spread(ours), median(floor).toFixed(1), spread(floor), (median(ours) / median(floor)).toFixed(1)],
];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
