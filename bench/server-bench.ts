/**
 * Server benchmark (issue 3): ingest throughput in batches of 500 (over HTTP and in the store
 * alone), and the time to pull one page of 500 with 100,000 and 1,000,000 observations stored
 * (seeded directly in SQLite). Prints a table; run with `npm run bench:server`.
 * Wall-clock figures depend on the machine's load; the CPU figures (process CPU time, client and
 * server together: they share this process) much less so. BENCH_SIZES=100000 to skip 1M, BENCH_SIZES=none for ingest only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer } from '../src/server/app.ts';
import { openDb, today } from '../src/server/db.ts';
import { ObservationStore } from '../src/server/observation-store.ts';
import { publicObservation } from '../src/server/public-form.ts';
import { registerDevice } from '../src/server/tokens.ts';
import type { Observation } from '../src/core/observation.ts';
import { KINDS, type Kind } from '../src/core/taxonomy.ts';

const DETAILS: Partial<Record<Kind, Observation['details']>> = {
  camera: { cameraType: 'dome', mount: 'wall', direction: 135, zone: 'town', operator: 'Ville de Bruxelles' },
  alpr: { purpose: 'lez', direction: 270, operator: 'Bruxelles Environnement' },
  antenna: { structure: 'mast', fiveG: 'yes', operator: 'Proximus' },
  drone: { start: '2026-05-01T14:00:00Z', end: '2026-05-01T15:00:00Z', context: 'demonstration' },
};

function observation(i: number, run: number): Observation {
  const kind = KINDS[i % KINDS.length] as Kind;
  return {
    id: `0190${run.toString(16).padStart(4, '0')}-0000-7000-8000-${i.toString(16).padStart(12, '0')}`,
    kind,
    position: { lon: 4.3 + ((i * 7919) % 100_000) / 1e6, lat: 50.8 + ((i * 104_729) % 100_000) / 1e6, accuracy: 8, source: 'gps' },
    observedAt: '2026-05-01T14:32:10.123+02:00',
    createdAt: '2026-05-01T12:32:10.123Z',
    updatedAt: '2026-05-01T12:32:10.123Z',
    version: 1,
    certainty: 'seen',
    notes: i % 3 === 0 ? 'Caméra au coin, "dôme", vue sur la place' : '',
    photos: i % 5 === 0 ? ['a'.repeat(64)] : [],
    details: DETAILS[kind] ?? {},
  };
}

/** CPU seconds used by this process since `start` (user + system). */
const cpuSince = (start: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const rows: string[][] = [];
const row = (...cells: string[]) => {
  rows.push(cells);
  console.error(cells.join(' | '));
};

async function ingest(total: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-'));
  const { app, db } = await buildServer({ dataDir, distDir: null, logLevel: 'warn', rateLimits: { perToken: { max: 1e9, timeWindowMs: 60_000 }, perAddress: { max: 1e9, timeWindowMs: 60_000 } } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const token = ((await (await fetch(`http://127.0.0.1:${port}/api/v1/devices`, { method: 'POST' })).json()) as { token: string }).token;
  const bodies: string[] = [];
  for (let b = 0; b < total / 500; b++) {
    bodies.push(JSON.stringify({ changes: Array.from({ length: 500 }, (_, i) => ({ ...observation(b * 500 + i, 1), baseVersion: null })) }));
  }
  // Warm up (JIT, statement cache) with one batch that is not counted.
  const warm = JSON.stringify({ changes: Array.from({ length: 500 }, (_, i) => ({ ...observation(i, 99), baseVersion: null })) });
  await fetch(`http://127.0.0.1:${port}/api/v1/observations/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: warm });
  const perBatch: number[] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const body of bodies) {
    const t = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/observations/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`batch answered ${r.status}`);
    perBatch.push(performance.now() - t);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu0 = cpuSince(c0);
  row('ingest over HTTP, batches of 500', `${total.toLocaleString('en')} obs`, `${Math.round(total / seconds).toLocaleString('en')} obs/s`, `${Math.round(total / cpu0).toLocaleString('en')} obs per CPU s; batch median ${median(perBatch).toFixed(1)} ms, p95 ${p95(perBatch).toFixed(1)} ms`);

  // The store alone (validation, privacy form, SQLite), without HTTP and JSON parsing.
  const store = new ObservationStore(db);
  const device = registerDevice(db).id;
  const changes = Array.from({ length: total }, (_, i) => ({ ...observation(i, 2), baseVersion: null }));
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  for (let i = 0; i < total; i += 500) store.applyBatch(device, changes.slice(i, i + 500));
  const s1 = (performance.now() - t1) / 1000;
  row('ingest in the store alone, batches of 500', `${total.toLocaleString('en')} obs`, `${Math.round(total / s1).toLocaleString('en')} obs/s`, `${Math.round(total / cpuSince(c1)).toLocaleString('en')} obs per CPU s`);
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Writes `count` rows straight into SQLite, as the batch push would have stored them. */
function seed(dataDir: string, count: number): void {
  const db = openDb(dataDir);
  const author = registerDevice(db).id;
  const insert = db.prepare(
    'INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day) VALUES (?, ?, 1, ?, 0, ?, ?, ?, ?)',
  );
  const day = today();
  const chunk = 50_000;
  for (let start = 0; start < count; start += chunk) {
    db.transaction(() => {
      for (let i = start; i < Math.min(count, start + chunk); i++) {
        const obs = observation(i, 3);
        insert.run(i + 1, obs.id, obs.kind, author, JSON.stringify(obs), JSON.stringify(publicObservation(obs)), day);
      }
    })();
  }
  db.close();
}

async function pullAt(count: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-'));
  const ts = performance.now();
  seed(dataDir, count);
  const seedSeconds = (performance.now() - ts) / 1000;
  const { app, db } = await buildServer({ dataDir, distDir: null, logLevel: 'warn', rateLimits: { perToken: { max: 1e9, timeWindowMs: 60_000 }, perAddress: { max: 1e9, timeWindowMs: 60_000 } } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const token = ((await (await fetch(`http://127.0.0.1:${port}/api/v1/devices`, { method: 'POST' })).json()) as { token: string }).token;
  const store = new ObservationStore(db);
  const samples = 101;
  const cursors = Array.from({ length: samples }, (_, k) => Math.floor(((k * 7919) % samples) / samples * (count - 500)));
  for (const c of cursors.slice(0, 10)) await (await fetch(`http://127.0.0.1:${port}/api/v1/observations?since=${c}&limit=500`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
  const http: number[] = [];
  let bytes = 0;
  const c0 = process.cpuUsage();
  for (const c of cursors) {
    const t = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/observations?since=${c}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
    const body = await r.arrayBuffer();
    http.push(performance.now() - t);
    bytes = body.byteLength;
    if (r.status !== 200) throw new Error(`pull answered ${r.status}`);
  }
  const httpCpuMs = (cpuSince(c0) * 1000) / samples;
  const direct: number[] = [];
  const c1 = process.cpuUsage();
  for (const c of cursors) {
    const t = performance.now();
    store.pullPageJson(2, c, 500);
    direct.push(performance.now() - t);
  }
  const directCpuMs = (cpuSince(c1) * 1000) / samples;
  row(`pull a page of 500 over HTTP, ${count.toLocaleString('en')} rows`, `${samples} pages`, `median ${median(http).toFixed(2)} ms`, `${httpCpuMs.toFixed(2)} CPU ms/page; p95 ${p95(http).toFixed(2)} ms; ${(bytes / 1024).toFixed(0)} KiB/page; seeded in ${seedSeconds.toFixed(1)} s`);
  row(`read a page of 500 in the store, ${count.toLocaleString('en')} rows`, `${samples} pages`, `median ${median(direct).toFixed(2)} ms`, `${directCpuMs.toFixed(2)} CPU ms/page; p95 ${p95(direct).toFixed(2)} ms`);
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number).filter((n) => n >= 1000);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
console.error(`server benchmark on ${os.cpus().length} cores, load average ${load()}`);
await ingest(20_000);
for (const n of sizes) await pullAt(n);

const header = ['measure', 'size', 'result', 'detail'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(['', line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
console.log(`${os.cpus().length} cores; load average at the end ${load()} (other work on the machine slows the wall-clock figures).`);
console.log('Targets: ingest ≥ 20,000 obs/s; a page of 500 in < 20 ms (median) at 1,000,000 rows.');
