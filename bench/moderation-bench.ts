/**
 * `npm run bench:moderation`: moderation, duplicates and the public feed (issue 10), printed as a
 * table, each figure beside a floor measured in the same run and their ratio.
 *  1. The moderation queue with 10,000 pending, in Debian's headless Chromium: from navigation to
 *     #/moderate to the first page of items drawn; floor: the same view with an empty queue (its
 *     "nothing to moderate" drawn). Also the queue's first page over HTTP; floor: /api/v1/health.
 *  2. The duplicate check while logging against 100,000 shared devices (the browser's code,
 *     core/nearby-devices.ts on Flatbush), p50 of 2,000 queries; floor: the same query against
 *     1,000 devices. The linear scan it replaces is shown beside it.
 *  3. Decisions per second: 100,000 publications in the store, batches of 500; floor: the ingest of
 *     the same 100,000 observations (the push), which writes as much.
 *  4. The open-data feed at 100,000 published over HTTP; floor: reading the same public bodies
 *     from SQLite in the same process.
 * Figures depend on the machine's load; tests never assert them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { distanceMetres } from '../src/core/geometry.ts';
import { DUPLICATE_RADIUS, nearbyIndex, relatedKinds, type NearbyItem } from '../src/core/nearby-devices.ts';
import type { Decision } from '../src/core/wire.ts';
import { openDb } from '../src/server/db.ts';
import { ModerationStore } from '../src/server/moderation-store.ts';
import { ObservationStore } from '../src/server/observation-store.ts';
import { prepareChanges } from '../src/server/prepared-change.ts';
import { publicIdOf } from '../src/server/public-id.ts';
import { registerDevice } from '../src/server/tokens.ts';
import { DIST, ensureBuilt, launchChromium, newContext, startServer, tid, type RunningServer } from '../tests/e2e/harness.ts';
import { moderatorToken } from '../tests/e2e/sync-helpers.ts';
import { benchObservation } from './export-dataset.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fixed = (x: number, digits = 1) => x.toFixed(digits);
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');
const rows: string[][] = [['figure', 'ours', 'floor', 'floor is', 'ratio']];
const row = (...cells: string[]) => {
  rows.push(cells);
  console.error(cells.join(' | '));
};

/** `count` observations of one walker's device, as the push would have stored them (pending). */
async function seedPending(dataDir: string, count: number): Promise<{ db: ReturnType<typeof openDb>; ingestSeconds: number; ids: string[] }> {
  const db = openDb(dataDir);
  const device = registerDevice(db).id;
  const store = new ObservationStore(db);
  const observations = Array.from({ length: count }, (_, i) => benchObservation(i, { ownPhotos: false }));
  const t0 = performance.now();
  const publicId = publicIdOf(db);
  for (let i = 0; i < count; i += 500) {
    await store.applyBatch(device, [prepareChanges(observations.slice(i, i + 500).map((o) => ({ ...o, baseVersion: null })), publicId)]);
  }
  return { db, ingestSeconds: (performance.now() - t0) / 1000, ids: observations.map((o) => o.id) };
}

async function timed(url: string, runs: number, token?: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    await res.arrayBuffer();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Milliseconds from navigation to #/moderate to `selector` drawn `count` times (a moderator token set first). */
async function queueDrawn(server: RunningServer, dataDir: string, selector: string, count: number): Promise<number> {
  const browser = await launchChromium();
  try {
    const { context } = await newContext(browser, server.origin, { serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto('/?test=1#/settings');
    await page.locator(tid('moderator-token-input')).fill(moderatorToken({ origin: server.origin, dataDir }));
    await page.locator(tid('moderator-token-save')).click();
    await page.locator(tid('nav-moderate')).waitFor();
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto('/?test=1#/list');
      await page.locator(tid('nav-moderate')).waitFor();
      const t0 = await page.evaluate(() => performance.now());
      await page.locator(tid('nav-moderate')).click();
      const t1 = (await page
        .waitForFunction(({ sel, n }) => (document.querySelectorAll(sel).length >= n ? performance.now() : false), { sel: selector, n: count }, { polling: 'raf', timeout: 60_000 })
        .then((h) => h.jsonValue())) as number;
      samples.push(t1 - t0);
    }
    await context.close();
    return median(samples);
  } finally {
    await browser.close();
  }
}

// 1. The queue with 10,000 pending.
ensureBuilt();
const empty = await startServer(DIST);
const queueDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-queue-'));
(await seedPending(queueDir, 10_000)).db.close();
const full = await startServer(DIST, { DATA_DIR: queueDir });
try {
  const floorMs = await queueDrawn(empty, empty.dataDir, tid('moderation-empty'), 1);
  const oursMs = await queueDrawn(full, queueDir, tid('moderation-item'), 50);
  row('queue, 10,000 pending: first page (50) drawn, ms', fixed(oursMs), fixed(floorMs), 'the view with an empty queue', ratio(oursMs, floorMs));
  const token = moderatorToken({ origin: full.origin, dataDir: queueDir });
  const page = median(await timed(`${full.origin}/api/v1/moderation/queue?limit=50`, 21, token));
  const health = median(await timed(`${full.origin}/api/v1/health`, 21));
  row('queue, 10,000 pending: first page (50) over HTTP, ms', fixed(page, 2), fixed(health, 2), 'GET /api/v1/health', ratio(page, health));
} finally {
  await empty.stop();
  await full.stop();
  fs.rmSync(queueDir, { recursive: true, force: true });
}

// 2. The duplicate check.
function shared(count: number): (NearbyItem & { id: number })[] {
  return Array.from({ length: count }, (_, i) => {
    const o = benchObservation(i, { ownPhotos: false });
    return { id: i, kind: o.kind, lon: 4.25 + (((i * 7919) % 100_003) / 100_003) * 0.2, lat: 50.78 + (((i * 104_729) % 100_019) / 100_019) * 0.12 };
  });
}
const queries = Array.from({ length: 2000 }, (_, i) => ({ lon: 4.25 + ((i * 37) % 2000) / 10_000, lat: 50.78 + ((i * 53) % 1200) / 10_000 }));
function perQueryMicros(run: (q: { lon: number; lat: number }) => unknown): number {
  const samples: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    run(q);
    samples.push((performance.now() - t0) * 1000);
  }
  return median(samples);
}
const big = shared(100_000);
const small = shared(1_000);
const tBuild = performance.now();
const bigIndex = nearbyIndex(big);
const buildMs = performance.now() - tBuild;
const smallIndex = nearbyIndex(small);
const accept = (d: NearbyItem) => relatedKinds('camera', d.kind);
const oursMicros = perQueryMicros((q) => bigIndex.near(q, DUPLICATE_RADIUS, accept));
const floorMicros = perQueryMicros((q) => smallIndex.near(q, DUPLICATE_RADIUS, accept));
const scanMicros = perQueryMicros((q) => big.filter((d) => accept(d) && distanceMetres(q, d) <= DUPLICATE_RADIUS));
row('duplicate check, 100,000 shared devices: one query, µs (p50)', fixed(oursMicros, 2), fixed(floorMicros, 2), 'the same query, 1,000 devices', ratio(oursMicros, floorMicros));
row('  the linear scan it replaces, µs (p50)', fixed(scanMicros, 0), fixed(oursMicros, 2), 'the index query', ratio(scanMicros, oursMicros));
row('  building the index once, 100,000 devices, ms', fixed(buildMs), '–', '', '–');

// 3. Decisions per second, and 4. the feed at 100,000 published.
const feedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-bench-feed-'));
const seeded = await seedPending(feedDir, 100_000);
const moderation = new ModerationStore(seeded.db);
const decisions: Decision[] = seeded.ids.map((id) => ({ decision: 'publish', id }));
const tDecide = performance.now();
for (let i = 0; i < decisions.length; i += 500) moderation.decide('Bench', decisions.slice(i, i + 500));
const decideSeconds = (performance.now() - tDecide) / 1000;
const perSecond = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
row('publications per second in the store, batches of 500', perSecond(100_000, decideSeconds), perSecond(100_000, seeded.ingestSeconds), 'ingest of the same 100,000 (obs/s)', ratio(seeded.ingestSeconds, decideSeconds));
const tRaw = performance.now();
const bodies = seeded.db.prepare("SELECT public_body FROM observations WHERE state = 'published' ORDER BY seq").pluck().all() as string[];
const rawMs = performance.now() - tRaw;
seeded.db.close();
const feedServer = await startServer(DIST, { DATA_DIR: feedDir });
try {
  const feedRuns = await timed(`${feedServer.origin}/api/v1/observations.geojson`, 5);
  const feedMs = median(feedRuns.slice(1));
  row(`open-data feed, ${bodies.length.toLocaleString('en')} published, over HTTP, ms`, fixed(feedMs), fixed(rawMs), 'reading their public bodies from SQLite', ratio(feedMs, rawMs));
} finally {
  await feedServer.stop();
  fs.rmSync(feedDir, { recursive: true, force: true });
}

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log(`\nModeration, duplicates and the feed (${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
rows.forEach((r, i) => {
  console.log(r.map((cell, c) => (c === 0 || c === 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
});
console.log('Targets: first page drawn < 300 ms; a duplicate check < 10 ms.');
