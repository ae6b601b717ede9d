// @vitest-environment happy-dom
/** The public page's logic apart from the browser: addresses, filters, commune figures, route files. */
import { describe, expect, it } from 'vitest';
import type { PublicFeature } from '../../../src/core/public-device.ts';
import { communeRows, growthByMonth, operatorSignage } from '../../../src/explore/commune-stats.ts';
import { aYearBefore, decodeMapFeed, encodeMapFeed } from '../../../src/core/map-feed.ts';
import { COMMUNES, communeOf } from '../../../src/core/communes.ts';
import { NO_FILTERS, matches } from '../../../src/explore/public-data.ts';
import { RouteFileError, readRouteFile } from '../../../src/explore/route-file.ts';
import { operatorHref, parseRoute } from '../../../src/explore/routes.ts';

const feature = (id: string, lon: number, lat: number, properties: Partial<PublicFeature['properties']> = {}): PublicFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { id, kind: 'camera', details: {}, photos: [], ...properties },
});

describe('addresses under /explore/', () => {
  it('reads the map, a device, the communes, an explainer, and anything else as not found', () => {
    expect(parseRoute('/explore/')).toEqual({ name: 'map' });
    expect(parseRoute('/explore')).toEqual({ name: 'map' });
    expect(parseRoute('/explore/device/abc%20d')).toEqual({ name: 'device', id: 'abc d' });
    expect(parseRoute('/explore/communes')).toEqual({ name: 'communes' });
    expect(parseRoute('/explore/understand/alpr')).toEqual({ name: 'understand', kind: 'alpr' });
    expect(parseRoute(operatorHref('Ville de Bruxelles / Stad Brussel'))).toEqual({ name: 'operator', operator: 'Ville de Bruxelles / Stad Brussel' });
    expect(parseRoute('/explore/operator/%20')).toEqual({ name: 'not-found' });
    expect(parseRoute('/explore/device/%E0%A4%A')).toEqual({ name: 'not-found' });
    expect(parseRoute('/explore/understand/toaster')).toEqual({ name: 'not-found' });
    expect(parseRoute('/explore/device')).toEqual({ name: 'not-found' });
    expect(parseRoute('/elsewhere')).toEqual({ name: 'not-found' });
  });
});

describe('filters and figures', () => {
  const features = [
    feature('a', 4.3525, 50.8467, { lastConfirmed: '2026-11-01', details: { operator: 'Ville de Bruxelles', signage: 'none' } }),
    feature('b', 4.372, 50.827, { lastConfirmed: '2024-01-01', firstSeen: '2024-01-01', details: { operator: 'STIB' } }),
    feature('c', 4.3526, 50.8468, { status: 'removed', removedOn: '2026-10-01' }),
    feature('d', 5.5, 50.6, { kind: 'antenna', observedOn: '2026-02-03' }),
  ];
  const today = new Date('2026-11-30T12:00:00Z');
  // As the page reads them: through the map feed the server writes.
  const devices = decodeMapFeed(JSON.parse(JSON.stringify(encodeMapFeed(features.map((feature) => ({ feature, commune: communeOf(...feature.geometry.coordinates) })), today))));

  it('hides removed devices unless asked, and filters by kind, commune, operator and freshness', () => {
    const ids = (f: Partial<typeof NO_FILTERS>) => devices.filter((d) => matches(d, { ...NO_FILTERS, ...f })).map((d) => d.id);
    expect(aYearBefore(today)).toBe('2025-11-30');
    expect(ids({})).toEqual(['a', 'b', 'd']);
    expect(ids({ showRemoved: true })).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({ kind: 'antenna' })).toEqual(['d']);
    expect(ids({ commune: '21009' })).toEqual(['b']);
    expect(ids({ commune: 'outside' })).toEqual(['d']);
    expect(ids({ operator: 'STIB' })).toEqual(['b']);
    expect(ids({ freshness: 'fresh' })).toEqual(['a', 'd']);
    expect(ids({ freshness: 'stale' })).toEqual(['b']);
  });

  it('counts standing devices per commune (all 19, and outside the Region), unannounced cameras and growth', () => {
    const standing = devices.filter((d) => d.status !== 'removed');
    const rows = communeRows(COMMUNES.features, standing);
    expect(rows.filter((r) => r.nis !== 'outside')).toHaveLength(19);
    expect(rows.reduce((n, r) => n + r.total, 0)).toBe(standing.length);
    const bruxelles = rows.find((r) => r.nis === '21004')!;
    expect(bruxelles).toMatchObject({ total: 1, unannounced: 1 });
    expect(bruxelles.density).toBeCloseTo(1 / bruxelles.areaKm2!, 6);
    expect(rows.find((r) => r.nis === 'outside')).toMatchObject({ total: 1, density: null });
    expect(operatorSignage(standing)[0]).toEqual({ operator: 'Ville de Bruxelles', cameras: 1, unannounced: 1 });
    expect(growthByMonth(devices).map((g) => [g.month, g.added, g.cumulative])).toEqual([
      ['2024-01', 1, 1],
      ['2026-02', 1, 2],
    ]);
  });
});

describe('route files', () => {
  const file = (text: string) => new Blob([text]);
  const line = (n: number) => JSON.stringify({ type: 'LineString', coordinates: Array.from({ length: n }, (_, i) => [4.35 + i * 1e-5, 50.84]) });
  const key = async (blob: Blob) => readRouteFile(blob).then(() => 'read', (e: unknown) => (e instanceof RouteFileError ? e.key : String(e)));

  it('reads GeoJSON lines and GPX tracks', async () => {
    expect(await readRouteFile(file(line(3)))).toHaveLength(1);
    const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
      <trkpt lat="50.84" lon="4.35"/><trkpt lat="50.841" lon="4.351"/></trkseg></trk></gpx>`;
    expect(await readRouteFile(file(gpx))).toEqual([
      [
        [4.35, 50.84],
        [4.351, 50.841],
      ],
    ]);
  });

  it('refuses a file that is no line, too big, with too many points, or unreadable', async () => {
    expect(await key(file('{"type":"Point","coordinates":[4,50]}'))).toBe('not_a_line');
    expect(await key(file(line(10_001)))).toBe('too_many_points');
    expect(await key(new Blob([new Uint8Array(5 * 1024 * 1024 + 1)]))).toBe('too_large');
    expect(await key(file('{ not json'))).toBe('unreadable');
  });
});

describe('texts', () => {
  it('are French until the visitor’s catalogue is loaded, then in that language', async () => {
    const { loadCatalogue, text } = await import('../../../src/explore/i18n/text.ts');
    expect(text('nl', 'nav.map')).toBe(text('fr', 'nav.map'));
    await loadCatalogue('nl');
    expect(text('nl', 'nav.map')).toBe('Kaart');
    expect(text('nl', 'operator.title', { name: 'STIB' })).toBe('Beheerder: STIB');
  });
});
