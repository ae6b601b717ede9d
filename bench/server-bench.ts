/**
 * Server benchmark: ingest throughput in batches of 500 (over HTTP and in the store
 * alone), and the time to pull one page of 500 with 100,000 and 1,000,000 observations stored
 * (seeded directly in SQLite). Prints a table; run with `npm run bench:server`.
 * The HTTP figures run the real server in its own process (`src/server/main.ts`), as deployed.
 * Wall-clock figures depend on the machine's load; the CPU figures much less so. BENCH_SIZES=100000 to skip 1M, BENCH_SIZES=none for ingest only.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, today } from '../src/server/db.ts';
import { ObservationStore } from '../src/server/observation-store.ts';
import { publicObservation } from '../src/server/public-observation.ts';
import { publicIdOf } from '../src/server/public-id.ts';
import { registerDevice } from '../src/server/tokens.ts';
import { benchObservation } from './export-dataset.ts';

/** One shared photo hash: the server is not asked for the photos themselves. */
const observation = (i: number, run: number) => benchObservation(i, { run, ownPhotos: false });

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

/** The real server in its own process (as deployed): the client here does not steal its CPU. */
async function startServerProcess(dataDir: string): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Listening on (http:\/\/[^/\s]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { url, pid: child.pid!, stop: () => (child.kill('SIGTERM'), exited) };
}

/** CPU seconds a process has used (Linux /proc; clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function newToken(url: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/devices`, { method: 'POST' });
  return ((await r.json()) as { token: string }).token;
}

async function ingest(total: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-'));
  const server = await startServerProcess(dataDir);
  const token = await newToken(server.url);
  const bodies: string[] = [];
  for (let b = 0; b < total / 500; b++) {
    bodies.push(JSON.stringify({ changes: Array.from({ length: 500 }, (_, i) => ({ ...observation(b * 500 + i, 1), baseVersion: null })) }));
  }
  const post = (body: string) =>
    fetch(`${server.url}/api/v1/observations/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  // Warm up (JIT, statement cache) with two batches that are not counted.
  for (const run of [98, 99]) {
    await (await post(JSON.stringify({ changes: Array.from({ length: 500 }, (_, i) => ({ ...observation(i, run), baseVersion: null })) }))).arrayBuffer();
  }
  const perBatch: number[] = [];
  const cpu0 = processCpuSeconds(server.pid);
  const t0 = performance.now();
  for (const body of bodies) {
    const t = performance.now();
    const r = await post(body);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`batch answered ${r.status}`);
    perBatch.push(performance.now() - t);
  }
  const seconds = (performance.now() - t0) / 1000;
  const serverCpu = processCpuSeconds(server.pid) - cpu0;
  row('ingest over HTTP, batches of 500 (server process)', `${total.toLocaleString('en')} obs`, `${Math.round(total / seconds).toLocaleString('en')} obs/s`, `server CPU ${((serverCpu / total) * 1e6).toFixed(0)} µs/obs (${Math.round(total / serverCpu).toLocaleString('en')} obs per CPU s); batch median ${median(perBatch).toFixed(1)} ms, p95 ${p95(perBatch).toFixed(1)} ms`);
  await server.stop();

  const db = openDb(dataDir);
  // The store alone (validation, privacy form, SQLite), without HTTP and JSON parsing.
  const store = new ObservationStore(db);
  const device = registerDevice(db).id;
  const changes = Array.from({ length: total }, (_, i) => ({ ...observation(i, 2), baseVersion: null }));
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  for (let i = 0; i < total; i += 500) store.applyBatch(device, changes.slice(i, i + 500));
  const s1 = (performance.now() - t1) / 1000;
  row('ingest in the store alone, batches of 500', `${total.toLocaleString('en')} obs`, `${Math.round(total / s1).toLocaleString('en')} obs/s`, `${Math.round(total / cpuSince(c1)).toLocaleString('en')} obs per CPU s`);
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Writes `count` published rows straight into SQLite, as the batch push and a publication would
 * have stored them. */
function seed(dataDir: string, count: number): void {
  const db = openDb(dataDir);
  const author = registerDevice(db).id;
  const insert = db.prepare(
    `INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day, state, was_public, public_id,
     lon, lat, published_day, first_seen, last_confirmed, confirmations) VALUES (?1, ?2, 1, ?3, 0, ?4, ?5, ?6, ?7, 'published', 1, ?10, ?8, ?9, ?7, ?7, ?7, 1)`,
  );
  const publicId = publicIdOf(db);
  const day = today();
  const chunk = 50_000;
  for (let start = 0; start < count; start += chunk) {
    db.transaction(() => {
      for (let i = start; i < Math.min(count, start + chunk); i++) {
        const obs = observation(i, 3);
        const pid = publicId(obs.id);
        insert.run(i + 1, obs.id, obs.kind, author, JSON.stringify(obs), JSON.stringify(publicObservation(obs, pid)), day, obs.position.lon, obs.position.lat, pid);
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
  const server = await startServerProcess(dataDir);
  const token = await newToken(server.url);
  const samples = 101;
  const cursors = Array.from({ length: samples }, (_, k) => Math.floor(((k * 7919) % samples) / samples * (count - 500)));
  const get = (c: number) => fetch(`${server.url}/api/v1/observations?since=${c}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
  for (const c of cursors.slice(0, 10)) await (await get(c)).arrayBuffer();
  const http: number[] = [];
  let bytes = 0;
  const cpu0 = processCpuSeconds(server.pid);
  for (const c of cursors) {
    const t = performance.now();
    const r = await get(c);
    const body = await r.arrayBuffer();
    http.push(performance.now() - t);
    bytes = body.byteLength;
    if (r.status !== 200) throw new Error(`pull answered ${r.status}`);
  }
  const httpCpuMs = ((processCpuSeconds(server.pid) - cpu0) * 1000) / samples;
  await server.stop();
  const db = openDb(dataDir);
  const store = new ObservationStore(db);
  const direct: number[] = [];
  const c1 = process.cpuUsage();
  for (const c of cursors) {
    const t = performance.now();
    store.pullPage(2, c, 500, 365);
    direct.push(performance.now() - t);
  }
  const directCpuMs = (cpuSince(c1) * 1000) / samples;
  row(`pull a page of 500 over HTTP (server process), ${count.toLocaleString('en')} rows`, `${samples} pages`, `median ${median(http).toFixed(2)} ms`, `server CPU ${httpCpuMs.toFixed(1)} ms/page; p95 ${p95(http).toFixed(2)} ms; ${(bytes / 1024).toFixed(0)} KiB/page; seeded in ${seedSeconds.toFixed(1)} s`);
  row(`read a page of 500 in the store, ${count.toLocaleString('en')} rows`, `${samples} pages`, `median ${median(direct).toFixed(2)} ms`, `${directCpuMs.toFixed(2)} CPU ms/page; p95 ${p95(direct).toFixed(2)} ms`);
  db.close();
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
