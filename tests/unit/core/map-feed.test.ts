/** The public map's compact feed: what it keeps of each public device, and what it refuses to read. */
import { describe, expect, it } from 'vitest';
import { decodeMapFeed, encodeMapFeed, FLAG, MAP_FEED_FORMAT, watchingFeature } from '../../../src/core/map-feed.ts';
import { viewAreas } from '../../../src/core/exposure.ts';
import type { PublicFeature } from '../../../src/core/public-device.ts';
import { communeOf } from '../../../src/core/communes.ts';

const feature = (id: string, lon: number, lat: number, properties: Partial<PublicFeature['properties']> = {}): PublicFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { id, kind: 'camera', details: {}, photos: [], ...properties },
});

const today = new Date('2026-11-30T12:00:00Z');
const features = [
  feature('a', 4.352512345, 50.846701234, {
    observedOn: '2026-03-02',
    lastConfirmed: '2026-06-01',
    details: { direction: 90, operator: ' Ville de Bruxelles ', signage: 'none', cameraType: 'dome' },
    photos: ['f'.repeat(64)],
    description: 'a public description, read on the device page',
  }),
  feature('b', 4.36, 50.85, { kind: 'antenna', observedOn: '2024-01-05', details: { operator: 'Proximus' } }),
  feature('c', 4.37, 50.86, { status: 'removed', firstSeen: '2025-02-01', lastConfirmed: '2025-02-01', removedOn: '2026-10-01', details: { direction: [{ from: 0, to: 90 }], range: 25, operator: 'Ville de Bruxelles' } }),
  feature('d', 4.6, 50.87),
];

describe('the map feed', () => {
  const feed = encodeMapFeed(features.map((feature) => ({ feature, commune: communeOf(...feature.geometry.coordinates) })), today);

  it('keeps per device only the map’s fields, operators once, coordinates to about a metre', () => {
    expect(feed.format).toBe(MAP_FEED_FORMAT);
    expect(feed.license).toContain('odbl');
    expect(feed.operators).toEqual(['Ville de Bruxelles', 'Proximus']);
    expect(feed.communes).toEqual(['21004', '21015']);
    expect(feed.devices[0]).toEqual(['a', 4.35251, 50.8467, 0, 0, 0, FLAG.fresh | FLAG.unannounced, '2026-03', '', 90]);
    expect(feed.devices[1]).toEqual(['b', 4.36, 50.85, feed.kinds.indexOf('antenna'), 1, 0, FLAG.stale, '2024-01', '']);
    expect(feed.devices[2]).toEqual(['c', 4.37, 50.86, 0, 0, 1, FLAG.stale | FLAG.removed, '2025-02', '2026-10-01', [{ from: 0, to: 90 }], 25]);
    expect(feed.devices[3]).toEqual(['d', 4.6, 50.87, 0, -1, -1, 0, '', '']);
    const text = JSON.stringify(feed);
    for (const secret of ['description', 'dome', 'ffff', '2026-06-01']) expect(text).not.toContain(secret);
  });

  it('reads back what the map needs, and the view areas are those of the full feature', () => {
    const devices = decodeMapFeed(JSON.parse(JSON.stringify(feed)));
    expect(devices.map((d) => [d.id, d.kind, d.status, d.operator, d.commune, d.freshness, d.unannounced, d.firstMonth, d.removedOn])).toEqual([
      ['a', 'camera', 'published', 'Ville de Bruxelles', '21004', 'fresh', true, '2026-03', null],
      ['b', 'antenna', 'published', 'Proximus', '21004', 'stale', false, '2024-01', null],
      ['c', 'camera', 'removed', 'Ville de Bruxelles', '21015', 'stale', false, '2025-02', '2026-10-01'],
      ['d', 'camera', 'published', null, null, null, false, null, null],
    ]);
    const [a] = devices;
    expect(viewAreas(watchingFeature(a!))).toEqual(viewAreas({ ...features[0]!, geometry: { type: 'Point', coordinates: [a!.lon, a!.lat] } }));
    expect(viewAreas(watchingFeature(devices[2]!))).toEqual([]);
  });

  it('skips a row that does not fit and refuses a body that is not a map feed', () => {
    const body = { ...feed, devices: [...feed.devices, ['x', 200, 50, 0, -1, -1, 0, '', ''], ['y', 4, 50, 99, -1, -1, 0, '', ''], ['z', 4, 50, 0, 7, -1, 0, '', ''], ['w', 4, 50, 0, -1, 5, 0, '', ''], 'nonsense'] };
    expect(decodeMapFeed(body)).toHaveLength(4);
    expect(() => decodeMapFeed({ type: 'FeatureCollection', features: [] })).toThrow(/contrechamp-map/);
  });
});
