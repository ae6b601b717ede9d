/**
 * The two stores side by side: ingest in batches of 500 and pull pages of 500 (p50/p99) over HTTP,
 * SQLite against PostgreSQL + PostGIS, then PostgreSQL with one node against two nodes (two writers,
 * one per node). Each server runs in this process (the client shares its CPU: compare the rows
 * with each other, not with bench:server). The floor beside each figure is `GET /api/v1/health` on
 * the same server in the same run. Needs PostgreSQL 15 + PostGIS (a throwaway cluster is started,
 * tests/unit/server/pg-cluster.ts). BENCH_ROWS (default 20,000) rows per store.
 * Run with `npm run bench:stores`.
 */
import { freshDatabase, postgresMissing } from '../tests/unit/server/pg-cluster.ts';
import { asCreate, call, pull, pushBatch, registerDevice, startServer, type TestServer } from '../tests/unit/server/server-harness.ts';
import { benchObservation } from './export-dataset.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const BATCH = 500;
const unlimited = { perAddress: { max: 1e9, timeWindowMs: 60_000 }, perToken: { max: 1e9, timeWindowMs: 60_000 } };
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (t0: number) => performance.now() - t0;

async function healthFloor(s: TestServer): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await call(`${s.url}/api/v1/health`);
    times.push(ms(t0));
  }
  return pct(times, 0.5);
}

/** Ingests ROWS through `nodes` (one writer per node, in parallel); returns ms per batch and rows/s. */
async function ingest(nodes: TestServer[], run: number): Promise<{ perBatch: number[]; rowsPerSecond: number; token: string }> {
  const tokens = await Promise.all(nodes.map((n) => registerDevice(n.url)));
  const perBatch: number[] = [];
  const t0 = performance.now();
  const share = ROWS / nodes.length;
  await Promise.all(
    nodes.map(async (n, w) => {
      for (let b = 0; b < share / BATCH; b++) {
        const batch = Array.from({ length: BATCH }, (_, i) => asCreate(benchObservation(w * share + b * BATCH + i, { run, ownPhotos: false })));
        const t = performance.now();
        const r = await pushBatch(n.url, tokens[w]!, batch);
        if (r.status !== 200) throw new Error(`batch answered ${r.status}`);
        perBatch.push(ms(t));
      }
    }),
  );
  return { perBatch, rowsPerSecond: ROWS / (ms(t0) / 1000), token: tokens[0]! };
}

async function pullTimes(s: TestServer, token: string): Promise<number[]> {
  const times: number[] = [];
  let since = '0';
  for (;;) {
    const t0 = performance.now();
    const page = await pull(s.url, token, since, BATCH);
    times.push(ms(t0));
    since = page.body.next;
    if (!page.body.more) return times;
  }
}

const table: string[][] = [['store', 'figure', 'ours (ms)', 'floor: health (ms)', 'ratio']];
const add = (store: string, figure: string, ours: number, floor: number) => {
  table.push([store, figure, ours.toFixed(2), floor.toFixed(2), (ours / floor).toFixed(1)]);
  console.error(table[table.length - 1]!.join(' | '));
};

async function storeRun(name: string, nodes: TestServer[], run: number): Promise<number> {
  const floor = await healthFloor(nodes[0]!);
  const { perBatch, rowsPerSecond, token } = await ingest(nodes, run);
  add(name, `ingest, batch of ${BATCH}, p50`, pct(perBatch, 0.5), floor);
  add(name, `ingest, batch of ${BATCH}, p99`, pct(perBatch, 0.99), floor);
  if (nodes.length === 1) {
    const pulls = await pullTimes(nodes[0]!, token);
    add(name, `pull, page of ${BATCH} (own), p50`, pct(pulls, 0.5), floor);
    add(name, `pull, page of ${BATCH} (own), p99`, pct(pulls, 0.99), floor);
  }
  return rowsPerSecond;
}

if (postgresMissing) {
  console.error(`stores bench skipped: ${postgresMissing}`);
} else {
  const sqlite = await startServer({ rateLimits: unlimited, databaseUrl: null });
  await storeRun('SQLite', [sqlite], 1);
  await sqlite.close();
  const one = await startServer({ rateLimits: unlimited, databaseUrl: await freshDatabase() });
  const oneRate = await storeRun('PostgreSQL, 1 node', [one], 2);
  await one.close();
  const url = await freshDatabase();
  const two = [await startServer({ rateLimits: unlimited, databaseUrl: url }), await startServer({ rateLimits: unlimited, databaseUrl: url })];
  const twoRate = await storeRun('PostgreSQL, 2 nodes', two, 3);
  for (const n of two) await n.close();
  console.log(`\n${ROWS} rows per store, batches of ${BATCH}\n`);
  console.log(table.map((r) => `| ${r.join(' | ')} |`).join('\n'));
  console.log(`\nPostgreSQL ingest: 2 nodes ${twoRate.toFixed(0)} rows/s against 1 node ${oneRate.toFixed(0)} rows/s: ratio ${(twoRate / oneRate).toFixed(2)}`);
}
process.exit(0);
