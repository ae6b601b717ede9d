/**
 * `npm run bench:explore`: the public page and the open data (issue 11), printed as tables, each
 * figure beside a floor measured in the same run and their ratio.
 *  1. /explore/ with 10,000 published devices, in Debian's headless Chromium, fresh cache: time
 *     from navigation to the devices drawn (the map loaded with all of them in its source); floor:
 *     the same page with no device. Bytes: its own JS gzipped (MapLibre apart; floor: MapLibre
 *     gzipped), everything it downloads (floor: the map's data alone), and the map's data, its
 *     compact feed `/api/v1/map.json` (floor: the ids and coordinates alone as JSON, what any map
 *     of these devices needs), beside the GeoJSON feed the page read before, as served and gzipped.
 *  2. OGC API items p50 with 100,000 published devices (a page of 1,000, a street-sized bbox);
 *     floor: /api/ogc/conformance, the same server's smallest answer.
 *  3. Route exposure of a 5 km route among 10,000 devices (Node, the browser's code); floor: the
 *     same route among one device (the sampling every metre and one point-in-polygon test each).
 * Figures depend on the machine's load; tests never assert them.
 * `npm run bench:explore -- --only=page,ogc,exposure` runs some parts only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { destination } from '../src/core/geometry.ts';
import { linesExposure } from '../src/core/exposure.ts';
import { newObservation } from '../src/core/observation-factory.ts';
import type { Observation } from '../src/core/observation.ts';
import { publicFeatureSchema, type PublicFeature } from '../src/core/public-device.ts';
import { KINDS } from '../src/core/taxonomy.ts';
import { DIST, ensureBuilt, launchChromium, newContext, startServer, type RunningServer } from '../tests/e2e/harness.ts';
import { seedPublic } from '../tests/e2e/public-seed.ts';

const MAP_FEED_URL = '/api/v1/map.json';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => x.toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');

function table(title: string, rows: string[][]): void {
  console.log(`\n${title}`);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  rows.forEach((row, i) => {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

/** `count` devices spread over the Region with a fixed pseudo-random sequence (same run to run). */
function devices(count: number): Observation[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const at = new Date('2026-06-01T10:00:00Z');
  return Array.from({ length: count }, () => {
    const kind = KINDS[Math.floor(random() * 9)]!; // fixed devices only
    const details = kind === 'camera' || kind === 'alpr' ? { direction: [{ bearing: Math.floor(random() * 360) }] } : {};
    return newObservation({ kind, position: { lon: 4.28 + random() * 0.16, lat: 50.8 + random() * 0.09, accuracy: 5, source: 'gps' }, details }, at);
  });
}

async function pageFigures(server: RunningServer, expected: number): Promise<{ drawnMs: number; ownJs: number; maplibreJs: number; downloaded: number; feed: number }> {
  const browser = await launchChromium();
  try {
    const { context } = await newContext(browser, server.origin, { viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const responses: { url: string; bytes: Promise<number> }[] = [];
    page.on('requestfinished', (request) => responses.push({ url: request.url(), bytes: request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize) }));
    await page.goto('/explore/?test=1');
    const drawnMs = (await page.waitForFunction(
      (n) => {
        const map = (window as unknown as { __map?: { loaded(): boolean; getSource(id: string): { serialize(): { data: { features: unknown[] } } } | undefined } }).__map;
        const features = map?.loaded() ? map.getSource('observations')?.serialize().data.features.length : undefined;
        return features === n ? performance.now() : false;
      },
      expected,
      { polling: 'raf', timeout: 120_000 },
    ).then((h) => h.jsonValue())) as number;
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(responses.map(async (r) => ({ url: new URL(r.url).pathname, bytes: await r.bytes })));
    const js = sizes.filter((s) => /\.m?js$/.test(s.url)).map((s) => ({ ...s, gz: gzipSync(readFileSync(join(DIST, s.url))).length }));
    await context.close();
    return {
      drawnMs,
      ownJs: js.filter((s) => !/maplibre/.test(s.url)).reduce((n, s) => n + s.gz, 0),
      maplibreJs: js.filter((s) => /maplibre/.test(s.url)).reduce((n, s) => n + s.gz, 0),
      downloaded: sizes.reduce((n, s) => n + s.bytes, 0),
      feed: sizes.filter((s) => s.url === MAP_FEED_URL).reduce((n, s) => n + s.bytes, 0),
    };
  } finally {
    await browser.close();
  }
}

async function timed(url: string, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    out.push(performance.now() - t0);
  }
  return out;
}

const PARTS = ['page', 'ogc', 'exposure'] as const;
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const parts = new Set(onlyArg ? onlyArg.split(',') : PARTS);
for (const part of parts) {
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only expects ${PARTS.join(', ')}; got ${part}`);
}

ensureBuilt();

// 1. The public page.
if (parts.has('page')) {
  const empty = await startServer(DIST);
  const full = await startServer(DIST);
  try {
    await seedPublic(full, devices(10_000));
    const floor = await pageFigures(empty, 0);
    const ours = await pageFigures(full, 10_000);
    const mapFeed = Buffer.from(await (await fetch(`${full.origin}${MAP_FEED_URL}`)).arrayBuffer());
    const geojson = Buffer.from(await (await fetch(`${full.origin}/api/v1/observations.geojson`)).arrayBuffer());
    const rows = (JSON.parse(mapFeed.toString('utf8')) as { devices: unknown[][] }).devices;
    const bare = Buffer.from(JSON.stringify(rows.map((r) => r.slice(0, 3))));
    table('The public page, /explore/ at 1280 px, fresh cache', [
      ['figure', 'ours', 'floor', 'floor is', 'ratio'],
      ['time to devices drawn, 10,000 (ms)', ms(ours.drawnMs), ms(floor.drawnMs), 'the page with no device', ratio(ours.drawnMs, floor.drawnMs)],
      ['own JS, gzip (KB)', kb(ours.ownJs), kb(ours.maplibreJs), 'MapLibre, gzip', ratio(ours.ownJs, ours.maplibreJs)],
      ['all it downloads (KB)', kb(ours.downloaded), kb(ours.feed), "the map's data alone", ratio(ours.downloaded, ours.feed)],
      ["the map's data, 10,000 (KB)", kb(mapFeed.length), kb(bare.length), 'ids and coordinates alone', ratio(mapFeed.length, bare.length)],
      ["the map's data, gzip (KB)", kb(gzipSync(mapFeed).length), kb(gzipSync(bare).length), 'the same, gzip', ratio(gzipSync(mapFeed).length, gzipSync(bare).length)],
      ['the GeoJSON feed, 10,000 (KB)', kb(geojson.length), kb(bare.length), 'ids and coordinates alone', ratio(geojson.length, bare.length)],
      ['the GeoJSON feed, gzip (KB)', kb(gzipSync(geojson).length), kb(gzipSync(bare).length), 'the same, gzip', ratio(gzipSync(geojson).length, gzipSync(bare).length)],
    ]);
  } finally {
    await empty.stop();
    await full.stop();
}
}

// 2. OGC API at 100,000 devices.
if (parts.has('ogc')) {
  const big = await startServer(DIST);
  try {
    await seedPublic(big, devices(100_000));
    const ogc = `${big.origin}/api/ogc`;
    const cold = (await timed(`${ogc}/collections/devices/items?limit=1`, 1))[0]!;
    const page = median(await timed(`${ogc}/collections/devices/items?limit=1000&offset=50000`, 21));
    const bbox = median(await timed(`${ogc}/collections/devices/items?bbox=4.35,50.84,4.36,50.85`, 21));
    const floor = median(await timed(`${ogc}/conformance`, 21));
    table('OGC API – Features, 100,000 published devices (p50 of 21)', [
      ['request', 'ours (ms)', 'floor (ms)', 'ratio'],
      ['items, limit=1000 at offset 50,000', ms(page), ms(floor), ratio(page, floor)],
      ['items, a street-sized bbox', ms(bbox), ms(floor), ratio(bbox, floor)],
      ['first items request (reads the table)', ms(cold), ms(floor), ratio(cold, floor)],
    ]);
  } finally {
    await big.stop();
}
}

// 3. Route exposure.
if (parts.has('exposure')) {
  const features: PublicFeature[] = devices(10_000).map((o) =>
    publicFeatureSchema.parse({ type: 'Feature', geometry: { type: 'Point', coordinates: [o.position.lon, o.position.lat] }, properties: { id: o.id, kind: o.kind, details: o.details } }),
  );
  // A 5 km zigzag through the centre: ten legs of 500 m.
  const route: [number, number][] = [[4.34, 50.84]];
  for (let i = 0; i < 10; i++) {
    const [lon, lat] = route[route.length - 1]!;
    route.push(destination(lon, lat, i % 2 ? 45 : 135, 500));
}
const exposureRuns = (list: PublicFeature[]) =>
  median(
    Array.from({ length: 5 }, () => {
      const t0 = performance.now();
      linesExposure([route], list);
      return performance.now() - t0;
    }),
  );
const share = linesExposure([route], features).share;
const withDevices = exposureRuns(features);
// One camera at the route's start: one area, every sample still looked up and tested near it.
const alone = exposureRuns([
  publicFeatureSchema.parse({ type: 'Feature', geometry: { type: 'Point', coordinates: route[0] }, properties: { id: 'floor', kind: 'camera', details: {} } }),
]);
table(`Route exposure, 5 km route (share ${(share * 100).toFixed(1)} %), median of 5`, [
  ['among', 'ours (ms)', 'floor (ms)', 'floor is', 'ratio'],
  ['10,000 devices', ms(withDevices), ms(alone), 'the same route among one device', ratio(withDevices, alone)],
]);
}
