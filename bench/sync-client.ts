/**
 * Client sync benchmark: a device with 1,000 waiting observations (and a variant where
 * 50 of them carry a photo) syncs end to end — register, push in batches of 500, photos, pull the
 * shared map back — from Node with fake-indexeddb as the client store, against the real server
 * started as its own process (`src/server/main.ts`, API only, SQLite in a temp DATA_DIR) on a
 * loopback port. Each run gets a fresh server and a fresh client store. Prints a table.
 * Run with `node --import tsx bench/sync-client.ts` (RUNS=5 for more runs; default 3).
 */
import 'fake-indexeddb/auto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IDBFactory } from 'fake-indexeddb';
import sharp from 'sharp';
import { newObservation } from '../src/core/observation-factory.ts';
import { KINDS, type Kind } from '../src/core/taxonomy.ts';
import { closeNoticeChannel } from '../src/store/notices.ts';
import { openDb } from '../src/store/db.ts';
import { saveObservation } from '../src/store/observations.ts';
import { pendingCount } from '../src/store/outbox.ts';
import type { PhotoRecord } from '../src/store/photos.ts';
import { sharedCount } from '../src/store/shared.ts';
import { ApiClient } from '../src/sync/api-client.ts';
import { drainOutbox, emptyReport, pullShared } from '../src/sync/engine.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 3);
const COUNT = 1000;

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-sync-bench-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Listening on (http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function photo(seed: number): Promise<PhotoRecord> {
  // About the size of a re-encoded 2048 px photo would be far more; 640×480 keeps the bench quick.
  const data = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 + (seed % 20) } } })
    .jpeg({ quality: 85 })
    .toBuffer();
  return {
    hash: createHash('sha256').update(data).digest('hex'),
    type: 'image/jpeg',
    data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    width: 640,
    height: 480,
    size: data.byteLength,
  };
}

interface Result {
  save: number;
  push: number;
  pull: number;
  total: number;
  batches: number;
  photos: number;
  photoBytes: number;
  pulled: number;
}

async function run(withPhotos: number): Promise<Result> {
  const server = await startServer();
  globalThis.indexedDB = new IDBFactory();
  const db = await openDb(`bench-${Math.random()}`);
  try {
    const photos = await Promise.all(Array.from({ length: withPhotos }, (_, i) => photo(i)));
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i++) {
      const p = i < withPhotos ? photos[i]! : null;
      const kind = KINDS[i % KINDS.length] as Kind;
      const obs = newObservation({
        kind,
        position: { lon: 4.3 + (i % 100) / 1000, lat: 50.8 + Math.floor(i / 100) / 1000, accuracy: 8, source: 'gps' },
        notes: i % 3 === 0 ? `caméra ${i}, vue sur la place` : '',
        ...(p ? { photos: [p.hash] } : {}),
      });
      await saveObservation(db, obs, p ? [p] : []);
    }
    const t1 = performance.now();
    const client = new ApiClient(server.url);
    const report = emptyReport();
    await drainOutbox(db, { client }, report);
    const t2 = performance.now();
    await pullShared(db, { client }, report);
    const t3 = performance.now();
    if ((await pendingCount(db)) !== 0) throw new Error('expected an empty outbox after the sync');
    if ((await sharedCount(db)) !== COUNT) throw new Error(`expected ${COUNT} in the shared copy, got ${await sharedCount(db)}`);
    return {
      save: t1 - t0,
      push: t2 - t1,
      pull: t3 - t2,
      total: t3 - t1,
      batches: report.batches,
      photos: report.photos,
      photoBytes: photos.reduce((n, p) => n + p.size, 0),
      pulled: report.pulled,
    };
  } finally {
    db.close();
    await server.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

const table: string[][] = [['scenario', 'runs', 'save 1,000 (store)', 'push (register + batches + photos)', 'pull back', 'sync end to end', 'obs/s end to end']];
for (const [label, withPhotos] of [
  ['1,000 observations', 0],
  ['1,000 observations, 50 with a photo', 50],
] as const) {
  const results: Result[] = [];
  for (let r = 0; r < RUNS; r++) {
    results.push(await run(withPhotos));
    console.error(`${label}: run ${r + 1}/${RUNS} done (${ms(results.at(-1)!.total)})`);
  }
  const total = median(results.map((r) => r.total));
  const extra = withPhotos ? ` (${withPhotos} photos, ${(results[0]!.photoBytes / 1e6).toFixed(1)} MB)` : '';
  table.push([
    label + extra,
    String(RUNS),
    ms(median(results.map((r) => r.save))),
    `${ms(median(results.map((r) => r.push)))} (${results[0]!.batches} batches)`,
    `${ms(median(results.map((r) => r.pull)))} (${results[0]!.pulled} obs)`,
    ms(total),
    (COUNT / (total / 1000)).toFixed(0),
  ]);
}
closeNoticeChannel();

const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
console.log(`\nClient sync, Node ${process.version}, fake-indexeddb client store, server in its own process (medians)\n`);
console.log(line(table[0]!));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table.slice(1)) console.log(line(row));
