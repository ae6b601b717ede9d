/**
 * The open data beside the GeoJSON feed: OGC API – Features at /api/ogc (read back by GDAL's
 * OAPIF driver), the feed as CSV, and the Atom feeds of the Region and of one commune.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sax from 'sax';
import { newObservation } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { parseCsvRows } from '../../../src/core/codecs/csv.ts';
import { decodeMapFeed } from '../../../src/core/map-feed.ts';
import { asCreate, call, publishAll, pushBatch, registerDevice, startServer, type TestServer } from './server-harness.ts';

let s: TestServer;
const at = new Date('2026-11-28T22:37:12.345Z');
const place = (kind: Observation['kind'], lon: number, lat: number, details: Observation['details'] = {}): Observation =>
  newObservation({ kind, position: { lon, lat, accuracy: 5, source: 'gps' }, details, notes: 'a walker note, never public' }, at);

// Bruxelles (21004): three cameras and an ANPR camera near the Grand-Place; Ixelles (21009): one antenna.
const devices = [
  place('camera', 4.3525, 50.8467, { direction: [{ bearing: 90 }] }),
  place('camera', 4.3530, 50.8470),
  place('camera', 4.3535, 50.8472, { direction: [{ bearing: 180 }], operator: '=HYPERLINK("x")' }),
  place('alpr', 4.3540, 50.8475, { direction: [{ bearing: 45 }] }),
  place('antenna', 4.3720, 50.8270),
];


beforeAll(async () => {
  s = await startServer();
  const token = await registerDevice(s.url);
  const r = await pushBatch(s.url, token, devices.map(asCreate));
  expect(r.status).toBe(200);
  await publishAll(s, devices.map((d) => d.id));
});
afterAll(() => s.close());

const ogc = (path: string) => call(`${s.url}/api/ogc${path}`);

describe('OGC API – Features at /api/ogc', () => {
  it('has a landing page, conformance to Core and GeoJSON, and the collection devices with its licence', async () => {
    const landing = await ogc('/');
    expect(landing.status).toBe(200);
    expect(landing.body.links.map((l: { rel: string }) => l.rel)).toEqual(expect.arrayContaining(['self', 'conformance', 'data', 'license', 'service-desc']));
    const conformance = await ogc('/conformance');
    expect(conformance.body.conformsTo).toEqual(
      expect.arrayContaining(['http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson']),
    );
    const collections = await ogc('/collections');
    expect(collections.body.collections.map((c: { id: string }) => c.id)).toEqual(['devices']);
    const devicesMeta = await ogc('/collections/devices');
    expect(devicesMeta.body.attribution).toContain('ODbL');
    expect(devicesMeta.body.links).toContainEqual(expect.objectContaining({ rel: 'license', href: 'https://opendatacommons.org/licenses/odbl/1-0/' }));
  });

  it('serves the items with numberMatched, a kind filter, a bbox, and paging links', async () => {
    const all = await ogc('/collections/devices/items');
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(all.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 5, numberReturned: 5 });
    // Walkers' notes never leave the server in public outputs.
    expect(JSON.stringify(all.body)).not.toContain('walker note');
    const cameras = await ogc('/collections/devices/items?kind=camera');
    expect(cameras.body.numberMatched).toBe(3);
    const two = await ogc('/collections/devices/items?kind=camera,alpr&limit=2');
    expect(two.body).toMatchObject({ numberMatched: 4, numberReturned: 2 });
    const next = two.body.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next.href).toContain('offset=2');
    const page2 = await call(next.href);
    expect(page2.body.numberReturned).toBe(2);
    expect(page2.body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false);
    const ids = [...two.body.features, ...page2.body.features].map((f: { properties: { id: string } }) => f.properties.id);
    expect(new Set(ids).size).toBe(4);
    const ixelles = await ogc('/collections/devices/items?bbox=4.36,50.82,4.38,50.83');
    expect(ixelles.body.numberMatched).toBe(1);
    expect(ixelles.body.features[0].properties.kind).toBe('antenna');
  });

  it('serves one item by its public id, and 404 with an OGC exception for an unknown one', async () => {
    const list = await ogc('/collections/devices/items?kind=antenna');
    const id = list.body.features[0].properties.id as string;
    const one = await ogc(`/collections/devices/items/${encodeURIComponent(id)}`);
    expect(one.status).toBe(200);
    expect(one.body.properties).toMatchObject({ id, kind: 'antenna' });
    const missing = await ogc('/collections/devices/items/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NotFound' });
  });

  it('shows removed devices only when asked for (status=removed)', async () => {
    const removed = await ogc('/collections/devices/items?status=removed');
    expect(removed.status).toBe(200);
    expect(removed.body.numberMatched).toBe(0);
    const both = await ogc('/collections/devices/items?status=published,removed');
    expect(both.body.numberMatched).toBe(5);
  });

  it.each([
    ['bbox=1,2,3', 400],
    ['bbox=a,b,c,d', 400],
    ['bbox=4,95,5,96', 400],
    ['limit=0', 400],
    ['limit=10001', 400],
    ['limit=2.5', 400],
    ['kind=toaster', 400],
    ['status=pending', 400],
    ['colour=red', 400],
  ])('answers %s with %i and an OGC exception', async (query, status) => {
    const r = await ogc(`/collections/devices/items?${query}`);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ code: expect.any(String), description: expect.any(String) });
  });

  it('answers an unknown collection with 404 and an OGC exception', async () => {
    const r = await ogc('/collections/people/items');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 'NotFound' });
  });

  it('is read by GDAL (ogrinfo OAPIF:) with the right count, also with a bbox', async (ctx) => {
    try {
      execFileSync('ogrinfo', ['--version']);
    } catch {
      ctx.skip('ogrinfo (gdal-bin) is not installed');
    }
    // Asynchronous: the server answers from this same process.
    const info = async (...args: string[]) => (await promisify(execFile)('ogrinfo', ['-ro', '-so', ...args], { encoding: 'utf8', timeout: 60_000 })).stdout;
    const layers = await info(`OAPIF:${s.url}/api/ogc`);
    expect(layers).toMatch(/devices/);
    const all = await info(`OAPIF:${s.url}/api/ogc`, 'devices');
    expect(all).toMatch(/Feature Count: 5/);
    const box = await info('-spat', '4.36', '50.82', '4.38', '50.83', `OAPIF:${s.url}/api/ogc`, 'devices');
    expect(box).toMatch(/Feature Count: 1/);
  });
});

describe('the feed as CSV', () => {
  it('has a row per public device, with its commune, and no walker note', async () => {
    const r = await call(`${s.url}/api/v1/observations.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('link')).toContain('rel="license"');
    const [header, ...rows] = [...parseCsvRows(r.body as string)];
    expect(header!.slice(0, 6)).toEqual(['id', 'kind', 'status', 'longitude', 'latitude', 'commune_nis']);
    expect(rows).toHaveLength(5);
    const nis = rows.map((row) => row[5]);
    expect(nis.filter((n) => n === '21004')).toHaveLength(4);
    expect(nis.filter((n) => n === '21009')).toHaveLength(1);
    expect(r.body).not.toContain('walker note');
    // A cell a spreadsheet would run as a formula is neutralised.
    expect(r.body).toContain(`'=HYPERLINK`);
  });
});

/** Parses XML with sax (strict): throws on any error; returns the root, the entries' titles and categories. */
function parseAtom(xml: string): { root: string; entries: { title: string; categories: string[] }[]; rights: string } {
  const parser = sax.parser(true, {});
  const stack: string[] = [];
  const entries: { title: string; categories: string[] }[] = [];
  let rights = '';
  let root = '';
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (tag) => {
    root ||= tag.name;
    stack.push(tag.name);
    if (tag.name === 'entry') entries.push({ title: '', categories: [] });
    if (tag.name === 'category' && stack.includes('entry')) entries.at(-1)!.categories.push(String(tag.attributes.term));
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (text) => {
    const top = stack.at(-1);
    if (top === 'title' && stack.includes('entry')) entries.at(-1)!.title += text;
    if (top === 'rights') rights += text;
  };
  parser.write(xml).close();
  return { root, entries, rights };
}

describe('the map feed', () => {
  it('has a row per public device, the same ids and count as the GeoJSON feed, a fraction of its bytes, and no walker note', async () => {
    const r = await call(`${s.url}/api/v1/map.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('link')).toContain('rel="license"');
    const devices = decodeMapFeed(r.body);
    const geojson = await call(`${s.url}/api/v1/observations.geojson`);
    const ids = (geojson.body.features as { properties: { id: string } }[]).map((f) => f.properties.id);
    expect(devices.map((d) => d.id).sort()).toEqual([...ids].sort());
    expect(devices.filter((d) => d.kind === 'camera')).toHaveLength(3);
    expect(devices.find((d) => d.kind === 'alpr')!.direction).toEqual([{ bearing: 45 }]);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('walker note');
    expect(text.length).toBeLessThan(JSON.stringify(geojson.body).length / 2);
  });
});

describe('Atom feeds of what changed', () => {
  it('for the Region: valid XML, one "published" entry per device, the licence in <rights>', async () => {
    const r = await call(`${s.url}/api/v1/changes.atom`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const feed = parseAtom(r.body as string);
    expect(feed.root).toBe('feed');
    expect(feed.rights).toContain('ODbL');
    expect(feed.entries).toHaveLength(5);
    expect(feed.entries.every((e) => e.categories.includes('published'))).toBe(true);
    // The day only: no walker's time of day (23:37 in Brussels) anywhere.
    expect(r.body).not.toMatch(/T2[12]:37/);
  });

  it('per commune: only the devices inside it; 404 for an unknown commune', async () => {
    const ixelles = parseAtom((await call(`${s.url}/api/v1/communes/21009/changes.atom`)).body as string);
    expect(ixelles.entries).toHaveLength(1);
    expect(ixelles.entries[0]!.categories).toContain('antenna');
    const bruxelles = parseAtom((await call(`${s.url}/api/v1/communes/21004/changes.atom`)).body as string);
    expect(bruxelles.entries).toHaveLength(4);
    expect((await call(`${s.url}/api/v1/communes/99999/changes.atom`)).status).toBe(404);
  });
});
