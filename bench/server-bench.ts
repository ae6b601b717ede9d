/**
 * Server benchmark (`npm run bench:server`), each figure beside a floor measured in the same run:
 *  1. Ingest over HTTP in batches of 500 (the real server in its own process, as deployed), SQLite
 *     and, where PostgreSQL 15 + PostGIS are installed, PostgreSQL. Floor: a raw better-sqlite3
 *     insert loop of the same rows (values prepared beforehand, transactions of 500, same schema
 *     and indexes). Also the server's CPU per observation (and PostgreSQL's own, apart). Each is
 *     measured twice: with `fetch` as the client (as before), and with a lean node:http client
 *     (keep-alive, the body's bytes made beforehand), since Node's fetch costs this process several
 *     milliseconds per batch of its own. Beside them, what HTTP alone costs: the same batches sent
 *     to a bare node:http server that reads each body and sends an answer of the same size.
 *  2. One node against two on one PostgreSQL: four devices writing at once through one node, then
 *     through two (as a ratio).
 *  3. Pull of a page of 500 over HTTP, p50 and p99, with 100,000 rows stored (and 1,000,000 with
 *     `BENCH_1M=1`; `BENCH_1M=only`: that size alone; `BENCH_SQLITE=0`: PostgreSQL alone), seeded by raw inserts in a temp folder. Floor: the page's SELECT alone on the
 *     same database (better-sqlite3 or a pg client).
 * Every figure is the median of BENCH_RUNS (5) runs, with the spread (min–max) of the runs.
 * PostgreSQL runs in a throwaway cluster (tests/unit/server/pg-cluster.ts: fsync off, as SQLite's
 * WAL with synchronous=NORMAL does not sync at each commit either). `BENCH_PG=0` skips it.
 * Wall-clock figures depend on the machine's load (printed); the CPU figures much less so.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, today, type Db } from '../src/server/db.ts';
import { PgStorage } from '../src/server/pg-storage.ts';
import { publicObservation } from '../src/server/public-observation.ts';
import { publicIdOf } from '../src/server/public-id.ts';
import { registerDevice } from '../src/server/tokens.ts';
import { cluster, freshDatabase, postgresMissing } from '../tests/unit/server/pg-cluster.ts';
import { benchObservation } from './export-dataset.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const INGEST = 20_000;
const BATCH = 500;
const PULL_SAMPLES = 101;
/** BENCH_1M=1 adds the pull at 1,000,000 rows; BENCH_1M=only runs that size alone (its seeding is long). */
const sizes = process.env.BENCH_1M === 'only' ? [1_000_000] : [100_000, ...(process.env.BENCH_1M === '1' ? [1_000_000] : [])];
const withPg = process.env.BENCH_PG !== '0' && postgresMissing === null;
/** BENCH_SQLITE=0 skips SQLite's pull (PostgreSQL's alone, with its floor). */
const withSqlitePull = process.env.BENCH_SQLITE !== '0';
/** BENCH_PARTS=ingest,nodes,pull (all by default) runs some parts only. */
const parts = new Set((process.env.BENCH_PARTS ?? 'ingest,nodes,pull').split(','));

/** One shared photo hash: the server is not asked for the photos themselves. */
const observation = (i: number, run: number) => benchObservation(i, { run, ownPhotos: false });

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const quantile = (xs: number[], q: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
const median = (xs: number[]) => quantile(xs, 0.5);
/** "median (min–max)" of the runs. */
const spread = (xs: number[], digits = 0, unit = '') => `${fmt(median(xs), digits)}${unit} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`;
const fmt = (x: number, digits: number) => x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

const rows: string[][] = [];
/** A table row: measure, ours, floor, ratio, detail. */
const row = (...cells: string[]) => {
  rows.push(cells);
  console.error(cells.join(' | '));
};

interface ServerProcess {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

/** The real server in its own process (as deployed): the client here does not steal its CPU. */
async function startServerProcess(dataDir: string, databaseUrl?: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: '', LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
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
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of a process and its children still running (PostgreSQL's postmaster and backends). */
function treeCpuSeconds(pid: number): number {
  let total = processCpuSeconds(pid);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (parent === pid) total += processCpuSeconds(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function newToken(url: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/devices`, { method: 'POST' });
  return ((await r.json()) as { token: string }).token;
}

/** The run number of warm-up batch `k` of run `run` (ids hold a run in 4 hex digits: below 0xf000 for measured runs). */
const warmRun = (run: number, k: number) => 0xf000 + run * 8 + k;

const batchBody = (from: number, count: number, run: number) =>
  JSON.stringify({ changes: Array.from({ length: count }, (_, i) => ({ ...observation(from + i, run), baseVersion: null })) });

async function post(url: string, token: string, body: string): Promise<void> {
  const r = await fetch(`${url}/api/v1/observations/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`batch answered ${r.status}`);
}

/** How the measured batches are sent: Node's fetch, or node:http on a keep-alive connection. */
type Client = 'fetch' | 'http';
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** The batch push through node:http: the same request as `post`, with the body's bytes made beforehand. */
function postLean(url: string, token: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${token}` };
    const request = http.request(`${url}/api/v1/observations/batch`, { method: 'POST', agent: keepAlive, headers }, (response) => {
      response.on('data', () => {});
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`batch answered ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Sends the measured batches one after another (as one device's outbox does); each batch's time in ms. */
async function sendAll(client: Client, url: string, token: string, bodies: string[]): Promise<number[]> {
  const bytes = bodies.map((b) => Buffer.from(b));
  const batchMs: number[] = [];
  for (const [i, body] of bodies.entries()) {
    const t = performance.now();
    await (client === 'fetch' ? post(url, token, body) : postLean(url, token, bytes[i]!));
    batchMs.push(performance.now() - t);
  }
  return batchMs;
}

interface IngestRun {
  perSecond: number;
  batchMs: number[];
  serverCpuUs: number;
  dbCpuUs: number;
}

/** INGEST new observations in batches of 500 from one device, into a fresh store. */
async function ingestRun(run: number, client: Client, databaseUrl?: string): Promise<IngestRun> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-'));
  const server = await startServerProcess(dataDir, databaseUrl);
  const pgPid = databaseUrl ? (await cluster()).child.pid! : 0;
  try {
    const token = await newToken(server.url);
    const bodies = Array.from({ length: INGEST / BATCH }, (_, b) => batchBody(b * BATCH, BATCH, run));
    // Warm up (JIT, statement caches) with two batches that are not counted.
    for (const warm of [0, 1]) await post(server.url, token, batchBody(0, BATCH, warmRun(run, warm)));
    const cpu0 = processCpuSeconds(server.pid);
    const db0 = pgPid ? treeCpuSeconds(pgPid) : 0;
    const t0 = performance.now();
    const batchMs = await sendAll(client, server.url, token, bodies);
    const seconds = (performance.now() - t0) / 1000;
    return {
      perSecond: INGEST / seconds,
      batchMs,
      serverCpuUs: ((processCpuSeconds(server.pid) - cpu0) / INGEST) * 1e6,
      dbCpuUs: pgPid ? ((treeCpuSeconds(pgPid) - db0) / INGEST) * 1e6 : 0,
    };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The floor: the same rows as the server stores them, values prepared beforehand, inserted by a
 * bare prepared statement in transactions of 500 into a fresh database of the same schema. */
function rawInsertRun(run: number): number {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-'));
  const db = openDb(dataDir);
  try {
    const device = registerDevice(db).id;
    const publicId = publicIdOf(db);
    const day = today();
    const values = Array.from({ length: INGEST }, (_, i) => {
      const o = observation(i, run);
      return [i + 1, o.id, o.version, o.kind, 0, device, JSON.stringify(o), day, o.position.lon, o.position.lat, i + 1, publicId(o.id)] as const;
    });
    const insert = db.prepare(
      `INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day, lon, lat, queue_order, public_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)`,
    );
    const t0 = performance.now();
    for (let b = 0; b < INGEST; b += BATCH) {
      db.transaction(() => {
        for (let i = b; i < b + BATCH; i++) insert.run(...values[i]!);
      }).immediate();
    }
    return INGEST / ((performance.now() - t0) / 1000);
  } finally {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same batches sent to a bare node:http server in its own process, which reads each body as
 * text (as Fastify does) and sends an answer of the same size as ours: what HTTP alone costs. */
async function bareIngestRun(run: number, client: Client): Promise<number> {
  const answer = JSON.stringify({ results: Array.from({ length: BATCH }, (_, i) => ({ id: observation(i, run).id, status: 'created', version: 1 })) });
  const script = `const answer = ${JSON.stringify(answer)};
    const s = require('http').createServer((q, r) => {
      let body = '';
      q.setEncoding('utf8');
      q.on('data', (c) => { body += c; });
      q.on('end', () => { r.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) }); r.end(answer); });
    });
    s.listen(0, '127.0.0.1', () => console.log('Listening on http://127.0.0.1:' + s.address().port + '/'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve) => child.stdout!.on('data', (d: Buffer) => resolve(/Listening on (http:\/\/[^/\s]+)/.exec(d.toString())![1]!)));
    const bodies = Array.from({ length: INGEST / BATCH }, (_, b) => batchBody(b * BATCH, BATCH, run));
    await sendAll(client, url, 'bare', [batchBody(0, BATCH, warmRun(run, 0)), batchBody(0, BATCH, warmRun(run, 1))]);
    const t0 = performance.now();
    await sendAll(client, url, 'bare', bodies);
    return INGEST / ((performance.now() - t0) / 1000);
  } finally {
    child.kill();
  }
}

const CLIENTS: Client[] = ['fetch', 'http'];
const clientName = (client: Client) => (client === 'fetch' ? 'fetch' : 'node:http');

async function ingest(): Promise<void> {
  const sqlite = { fetch: [] as IngestRun[], http: [] as IngestRun[] };
  const postgres = { fetch: [] as IngestRun[], http: [] as IngestRun[] };
  const bare = { fetch: [] as number[], http: [] as number[] };
  const floor: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    // Alternated, so that a change of load touches ours and the floor alike.
    floor.push(rawInsertRun(run));
    for (const client of CLIENTS) {
      sqlite[client].push(await ingestRun(run, client));
      if (withPg) postgres[client].push(await ingestRun(run, client, await freshDatabase()));
      bare[client].push(await bareIngestRun(run, client));
    }
  }
  const floorMedian = median(floor);
  const ingestRow = (store: string, client: Client, runs: IngestRun[]) => {
    const perSecond = runs.map((r) => r.perSecond);
    const batch = runs.flatMap((r) => r.batchMs);
    const db = runs[0]!.dbCpuUs ? `, PostgreSQL's CPU ${spread(runs.map((r) => r.dbCpuUs))} µs/obs` : '';
    row(
      `ingest over HTTP, batches of 500, ${store}, ${clientName(client)} client`,
      `${spread(perSecond)} obs/s`,
      `${spread(floor)} obs/s (raw insert loop)`,
      `${(median(perSecond) / floorMedian).toFixed(2)}×`,
      `server CPU ${spread(runs.map((r) => r.serverCpuUs))} µs/obs${db}; batch p50 ${median(batch).toFixed(1)} ms, p99 ${quantile(batch, 0.99).toFixed(1)} ms`,
    );
  };
  for (const client of CLIENTS) ingestRow('SQLite', client, sqlite[client]);
  if (withPg) {
    for (const client of CLIENTS) ingestRow('PostgreSQL', client, postgres[client]);
    const pgPerSecond = median(postgres.http.map((r) => r.perSecond));
    const sqlitePerSecond = median(sqlite.http.map((r) => r.perSecond));
    row('ingest, PostgreSQL against SQLite (node:http client)', `${fmt(pgPerSecond, 0)} obs/s`, `${fmt(sqlitePerSecond, 0)} obs/s (SQLite)`, `${(pgPerSecond / sqlitePerSecond).toFixed(2)}×`, '');
  }
  for (const client of CLIENTS) {
    // A server that did nothing but HTTP, then the floor's inserts, would reach 1 / (1/http + 1/floor).
    const ceiling = 1 / (1 / median(bare[client]) + 1 / floorMedian);
    row(
      `HTTP alone: the same batches to a bare node:http server, ${clientName(client)} client`,
      `${spread(bare[client])} obs/s`,
      `${spread(floor)} obs/s (raw insert loop)`,
      `${(median(bare[client]) / floorMedian).toFixed(2)}×`,
      `HTTP then the floor's inserts, with nothing else: ${fmt(ceiling, 0)} obs/s, ${(ceiling / floorMedian).toFixed(2)}× the floor`,
    );
  }
}

/** WRITERS devices push INGEST observations between them at once, spread over `nodes` servers on one database. */
async function nodesRun(nodes: number, run: number): Promise<number> {
  const WRITERS = 4;
  const databaseUrl = await freshDatabase();
  const dirs = Array.from({ length: nodes }, () => fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-')));
  const servers = await Promise.all(dirs.map((d) => startServerProcess(d, databaseUrl)));
  try {
    const tokens = await Promise.all(Array.from({ length: WRITERS }, (_, w) => newToken(servers[w % nodes]!.url)));
    const perWriter = INGEST / WRITERS;
    const bodies = tokens.map((_, w) => Array.from({ length: perWriter / BATCH }, (_, b) => batchBody(w * perWriter + b * BATCH, BATCH, run)));
    for (const [w, token] of tokens.entries()) await post(servers[w % nodes]!.url, token, batchBody(0, BATCH, warmRun(run, w)));
    const t0 = performance.now();
    await Promise.all(tokens.map(async (token, w) => {
      for (const body of bodies[w]!) await post(servers[w % nodes]!.url, token, body);
    }));
    return INGEST / ((performance.now() - t0) / 1000);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

async function nodes(): Promise<void> {
  const one: number[] = [];
  const two: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    one.push(await nodesRun(1, 100 + run));
    two.push(await nodesRun(2, 200 + run));
  }
  row('ingest, 4 devices at once, PostgreSQL: two nodes against one', `${spread(two)} obs/s (2 nodes)`, `${spread(one)} obs/s (1 node)`, `${(median(two) / median(one)).toFixed(2)}×`, `${os.cpus().length} cores shared by PostgreSQL, the nodes and this client`);
}

/** The published rows of a seeded store, as the batch push and a publication would have stored them. */
function seedRow(i: number, author: number, day: string, publicId: (id: string) => string) {
  const obs = observation(i, 3);
  const pid = publicId(obs.id);
  return { seq: i + 1, id: obs.id, kind: obs.kind, author, body: JSON.stringify(obs), publicBody: JSON.stringify(publicObservation(obs, pid)), day, lon: obs.position.lon, lat: obs.position.lat, pid };
}

/** Writes `count` published rows straight into SQLite (raw inserts, transactions of 50,000). */
function seedSqlite(dataDir: string, count: number): void {
  const db = openDb(dataDir);
  const author = registerDevice(db).id;
  const insert = db.prepare(
    `INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day, state, was_public, public_id,
     lon, lat, published_day, first_seen, last_confirmed, confirmations) VALUES (?, ?, 1, ?, 0, ?, ?, ?, ?, 'published', 1, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const publicId = publicIdOf(db);
  const day = today();
  for (let start = 0; start < count; start += 50_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(count, start + 50_000); i++) {
        const r = seedRow(i, author, day, publicId);
        insert.run(r.seq, r.id, r.kind, r.author, r.body, r.publicBody, r.day, r.pid, r.lon, r.lat, r.day, r.day, r.day);
      }
    })();
  }
  db.close();
}

/** The same rows into PostgreSQL (multi-row inserts of 10,000), through PgStorage's schema. */
async function seedPostgres(databaseUrl: string, count: number): Promise<void> {
  const storage = await PgStorage.open(databaseUrl);
  const publicId = storage.publicIdOf();
  const author = (await storage.registerDevice()).id;
  await storage.close();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const day = today();
    for (let start = 0; start < count; start += 10_000) {
      const chunk = Array.from({ length: Math.min(10_000, count - start) }, (_, k) => seedRow(start + k, author, day, publicId));
      await client.query(
        `INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day, state, was_public, public_id, lon, lat, published_day, first_seen, last_confirmed, confirmations)
         SELECT seq, id, 1, kind, 0, $1, body, public_body, $2, 'published', 1, public_id, lon, lat, $2, $2, $2, 1
         FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[]) AS u(seq, id, kind, body, public_body, public_id, lon, lat)`,
        [author, day, chunk.map((r) => r.seq), chunk.map((r) => r.id), chunk.map((r) => r.kind), chunk.map((r) => r.body), chunk.map((r) => r.publicBody), chunk.map((r) => r.pid), chunk.map((r) => r.lon), chunk.map((r) => r.lat)],
      );
    }
    await client.query("SELECT setval('observations_seq', $1)", [count]);
    await client.query('VACUUM ANALYZE observations');
  } finally {
    await client.end();
  }
}

/** The page's SELECT (pull, another device's view of published rows) without the server around it. */
const PAGE_SQL = `SELECT seq, id, public_id, state, public_body FROM observations WHERE seq > ? AND (device_id = ? OR was_public = 1) ORDER BY seq LIMIT 501`;

/** p50 and p99 of a page of 500 over HTTP, and of its SELECT alone, RUNS times over PULL_SAMPLES cursors. */
async function pullAt(count: number, store: 'SQLite' | 'PostgreSQL'): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-'));
  const databaseUrl = store === 'PostgreSQL' ? await freshDatabase() : undefined;
  const ts = performance.now();
  if (databaseUrl) await seedPostgres(databaseUrl, count);
  else seedSqlite(dataDir, count);
  const seedSeconds = (performance.now() - ts) / 1000;
  const server = await startServerProcess(dataDir, databaseUrl);
  const cursors = Array.from({ length: PULL_SAMPLES }, (_, k) => Math.floor((((k * 7919) % PULL_SAMPLES) / PULL_SAMPLES) * (count - 500)));
  const p50: number[] = [];
  const p99: number[] = [];
  const floor50: number[] = [];
  const floor99: number[] = [];
  const cpuMs: number[] = [];
  let bytes = 0;
  let page = new ArrayBuffer(0);
  try {
    // A device of its own per run: a run's pulls stay under one token's rate limit.
    let token = await newToken(server.url);
    const get = (c: number) => fetch(`${server.url}/api/v1/observations?since=${c}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
    const raw = databaseUrl ? await rawPostgresPage(databaseUrl) : rawSqlitePage(dataDir);
    for (const c of cursors.slice(0, 10)) {
      await (await get(c)).arrayBuffer();
      await raw.page(c);
    }
    for (let run = 0; run < RUNS; run++) {
      token = await newToken(server.url);
      const http: number[] = [];
      const bare: number[] = [];
      const cpu0 = processCpuSeconds(server.pid);
      for (const c of cursors) {
        const t = performance.now();
        const r = await get(c);
        const body = await r.arrayBuffer();
        http.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`pull answered ${r.status}`);
        bytes = body.byteLength;
        page = body;
        const t1 = performance.now();
        await raw.page(c);
        bare.push(performance.now() - t1);
      }
      cpuMs.push(((processCpuSeconds(server.pid) - cpu0) * 1000) / PULL_SAMPLES);
      p50.push(median(http));
      p99.push(quantile(http, 0.99));
      floor50.push(median(bare));
      floor99.push(quantile(bare, 0.99));
    }
    await raw.close();
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const transport = await bareHttp(Buffer.from(page), cursors.length);
  const n = count.toLocaleString('en');
  row(`pull a page of 500 over HTTP, ${n} rows, ${store}: p50`, spread(p50, 2, ' ms'), `${spread(floor50, 2, ' ms')} (its SELECT alone)`, `${(median(p50) / median(floor50)).toFixed(2)}×`, `server CPU ${spread(cpuMs, 1)} ms/page; ${(bytes / 1024).toFixed(0)} KiB/page; seeded in ${seedSeconds.toFixed(0)} s; a bare HTTP server sending the same bytes: p50 ${spread(transport.p50, 2, ' ms')}`);
  row(`pull a page of 500 over HTTP, ${n} rows, ${store}: p99`, spread(p99, 2, ' ms'), `${spread(floor99, 2, ' ms')} (its SELECT alone)`, `${(median(p99) / median(floor99)).toFixed(2)}×`, `a bare HTTP server sending the same bytes: p99 ${spread(transport.p99, 2, ' ms')}`);
}

/** A second floor beside the SELECT: a bare node:http server in its own process answering every GET
 * with the same page bytes, fetched the same way (what moving a page over HTTP costs here). */
async function bareHttp(body: Buffer, samples: number): Promise<{ p50: number[]; p99: number[] }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-')), 'page.json');
  fs.writeFileSync(file, body);
  const script = `const b = require('fs').readFileSync(${JSON.stringify(file)});
    const s = require('http').createServer((q, r) => { r.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': b.length }); r.end(b); });
    s.listen(0, '127.0.0.1', () => console.log('Listening on http://127.0.0.1:' + s.address().port + '/'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve) => child.stdout!.on('data', (d: Buffer) => resolve(/Listening on (http:\/\/[^/\s]+)/.exec(d.toString())![1]!)));
    const p50: number[] = [];
    const p99: number[] = [];
    for (let run = -1; run < RUNS; run++) {
      const times: number[] = [];
      for (let k = 0; k < samples; k++) {
        const t = performance.now();
        await (await fetch(`${url}/?k=${k}`)).arrayBuffer();
        times.push(performance.now() - t);
      }
      // Run -1 warms up.
      if (run >= 0) {
        p50.push(median(times));
        p99.push(quantile(times, 0.99));
      }
    }
    return { p50, p99 };
  } finally {
    child.kill();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

interface RawPage {
  page: (since: number) => Promise<unknown>;
  close: () => Promise<void>;
}

function rawSqlitePage(dataDir: string): RawPage {
  const db: Db = openDb(dataDir, { readonly: true });
  const select = db.prepare(PAGE_SQL);
  return {
    page: async (since) => select.all(since, 2),
    close: async () => {
      db.close();
    },
  };
}

async function rawPostgresPage(databaseUrl: string): Promise<RawPage> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const text = PAGE_SQL.replace('?', '$1').replace('?', '$2');
  return { page: (since) => client.query({ name: 'page', text, values: [since, 2] }), close: () => client.end() };
}

console.error(`server benchmark on ${os.cpus().length} cores, load average ${load()}; ${RUNS} runs each${withPg ? '' : '; PostgreSQL skipped'}${postgresMissing ? ` (${postgresMissing})` : ''}`);
if (parts.has('ingest')) await ingest();
if (withPg && parts.has('nodes')) await nodes();
for (const n of parts.has('pull') ? sizes : []) {
  if (withSqlitePull) await pullAt(n, 'SQLite');
  if (withPg) await pullAt(n, 'PostgreSQL');
}

const header = ['measure', 'ours', 'floor', 'ratio', 'detail'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(['', line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
console.log(`Medians of ${RUNS} runs, (min–max) of the runs. ${os.cpus().length} cores; load average at the end ${load()} (other work on the machine slows the wall-clock figures).`);
console.log('Targets: ingest over HTTP ≥ 0.5× the raw insert loop; pull p50 < 5 ms at 1,000,000 rows.');
process.exit(0);
