import { describe, expect, it } from 'vitest';
import { destination, distanceMetres } from '../../../src/core/geometry.ts';
import { CHECK_RADIUS, DUPLICATE_RADIUS, nearbyIndex, relatedKinds } from '../../../src/core/nearby-devices.ts';
import { isDue } from '../../../src/core/publication.ts';
import type { Kind } from '../../../src/core/taxonomy.ts';

const here = { lon: 4.3525, lat: 50.8467 };
const at = (bearing: number, metres: number, kind: Kind, id: string) => {
  const [lon, lat] = destination(here.lon, here.lat, bearing, metres);
  return { id, kind, lon, lat };
};

describe('devices near a point', () => {
  it('finds, nearest first, the devices within the radius and no further (exact distance, not the box)', () => {
    const items = [at(90, 14, 'camera', 'east-14'), at(0, 8, 'camera', 'north-8'), at(45, 16, 'camera', 'diagonal-16'), at(180, 15.5, 'camera', 'south-15.5')];
    const hits = nearbyIndex(items).near(here, DUPLICATE_RADIUS);
    expect(hits.map((h) => h.item.id)).toEqual(['north-8', 'east-14']);
    expect(hits[0]!.distance).toBeCloseTo(8, 1);
    // A 16 m diagonal lies inside the 15 m box's corner, but not within 15 m.
    expect(distanceMetres(here, items[2]!)).toBeGreaterThan(DUPLICATE_RADIUS);
    expect(nearbyIndex(items).near(here, CHECK_RADIUS)).toHaveLength(4);
  });

  it('keeps only what the filter accepts; an empty index finds nothing', () => {
    const items = [at(0, 5, 'camera', 'cam'), at(0, 6, 'antenna', 'mast'), at(0, 7, 'alpr', 'anpr')];
    const hits = nearbyIndex(items).near(here, DUPLICATE_RADIUS, (d) => relatedKinds('camera', d.kind));
    expect(hits.map((h) => h.item.id)).toEqual(['cam', 'anpr']);
    expect(nearbyIndex([]).near(here, 1000)).toEqual([]);
  });

  it('counts cameras, licence-plate readers and analytics cameras as one family, nothing else', () => {
    expect(relatedKinds('camera', 'alpr')).toBe(true);
    expect(relatedKinds('face_recognition', 'camera')).toBe(true);
    expect(relatedKinds('antenna', 'antenna')).toBe(true);
    expect(relatedKinds('camera', 'antenna')).toBe(false);
    expect(relatedKinds('ad_screen', 'camera')).toBe(false);
  });
});

describe('"still there?" is due', () => {
  it('after the interval, always with 0, and when never confirmed', () => {
    expect(isDue('2025-11-30', '2026-11-30', 365)).toBe(true);
    expect(isDue('2025-12-01', '2026-11-30', 365)).toBe(false);
    expect(isDue('2026-11-30', '2026-11-30', 0)).toBe(true);
    expect(isDue(undefined, '2026-11-30', 365)).toBe(true);
  });
});
