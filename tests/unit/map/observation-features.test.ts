import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/core/observation.ts';
import { bearingDegrees, distanceMetres } from '../../../src/core/geometry.ts';
import { mapPointsOf } from '../../../src/core/map-point.ts';
import {
  CONE_RADIUS_METRES,
  accuracyRing,
  observationBounds,
  observationCones,
  observationPoints,
} from '../../../src/app/map/observation-features.ts';

let n = 0;
function obs(partial: Partial<Observation> & Pick<Observation, 'kind'>): Observation {
  n += 1;
  const t = '2026-11-28T10:00:00.000Z';
  return {
    id: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    position: { lon: 4.35, lat: 50.85, accuracy: 5, source: 'gps' },
    observedAt: t,
    createdAt: t,
    updatedAt: t,
    version: 1,
    certainty: 'seen',
    notes: '',
    photos: [],
    details: {},
    ...partial,
  };
}

describe('observationPoints', () => {
  it('gives one point per live observation, with its id and kind alone (the layers colour by kind)', () => {
    const a = obs({ kind: 'camera', position: { lon: 4.1, lat: 50.1, accuracy: null, source: 'manual' } });
    const b = obs({ kind: 'antenna' });
    const gone = obs({ kind: 'guard', deleted: true });
    const fc = observationPoints(mapPointsOf([a, b, gone]));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.properties.id)).toEqual([a.id, b.id]);
    expect(fc.features[0]?.geometry).toEqual({ type: 'Point', coordinates: [4.1, 50.1] });
    expect(fc.features[0]?.properties).toEqual({ id: a.id, kind: 'camera' });
    expect(fc.features[1]?.properties).toEqual({ id: b.id, kind: 'antenna' });
  });
});

describe('observationCones', () => {
  it('draws a cone only for kinds with a direction that have one', () => {
    const withDir = obs({ kind: 'camera', details: { direction: [{ bearing: 90 }] } });
    const zero = obs({ kind: 'alpr', details: { direction: [{ bearing: 0 }] } });
    const noDir = obs({ kind: 'camera' });
    const deleted = obs({ kind: 'camera', details: { direction: [{ bearing: 45 }] }, deleted: true });
    const fc = observationCones(mapPointsOf([withDir, zero, noDir, deleted]));
    expect(fc.features.map((f) => f.properties.id)).toEqual([withDir.id, zero.id]);
    expect(fc.features[1]?.properties.direction).toBe(0);
  });

  it('draws one cone per direction, a range as wide as its width and the rest at the default field of view', () => {
    const o = obs({ kind: 'camera', details: { direction: [{ bearing: 90 }, { bearing: 270 }, { bearing: 0, width: 20 }] } });
    const cones = observationCones(mapPointsOf([o])).features;
    expect(cones.map((f) => [f.properties.direction, f.properties.width])).toEqual([
      [90, 60],
      [270, 60],
      [0, 20],
    ]);
    // The narrow cone's edges are 10° either side of north.
    const ring = cones[2]!.geometry.coordinates[0]!;
    const apex = { lon: o.position.lon, lat: o.position.lat };
    const edges = [ring[1]!, ring[ring.length - 2]!].map(([lon, lat]) => bearingDegrees(apex, { lon, lat }));
    expect(edges.sort((a, b) => a - b)).toEqual([10, 350]);
  });

  it('points the cone the way the camera looks, closed, within the cone radius', () => {
    const o = obs({ kind: 'camera', details: { direction: [{ bearing: 90 }] } });
    const ring = observationCones(mapPointsOf([o])).features[0]!.geometry.coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const apex = { lon: o.position.lon, lat: o.position.lat };
    const tip = ring[Math.floor(ring.length / 2)]!;
    // Looking east: the far middle of the arc is east of the camera, at the cone radius.
    expect(tip[0]).toBeGreaterThan(apex.lon);
    expect(Math.abs(tip[1] - apex.lat)).toBeLessThan(1e-5);
    expect(distanceMetres(apex, { lon: tip[0], lat: tip[1] })).toBeCloseTo(CONE_RADIUS_METRES, 0);
  });
});

describe('observationBounds', () => {
  it('is null without observations and spans all of them otherwise', () => {
    expect(observationBounds(mapPointsOf([]))).toBeNull();
    const a = obs({ kind: 'camera', position: { lon: 4.3, lat: 50.9, accuracy: null, source: 'gps' } });
    const b = obs({ kind: 'camera', position: { lon: 4.4, lat: 50.8, accuracy: null, source: 'gps' } });
    expect(observationBounds(mapPointsOf([a, b]))).toEqual([4.3, 50.8, 4.4, 50.9]);
  });
});

describe('accuracyRing', () => {
  it('is a closed circle at the accuracy radius', () => {
    const ring = accuracyRing(4.35, 50.85, 30);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const [lon, lat] of ring) expect(distanceMetres({ lon: 4.35, lat: 50.85 }, { lon, lat })).toBeCloseTo(30, 0);
  });
});
