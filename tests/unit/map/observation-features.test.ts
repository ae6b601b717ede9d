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
  pointAt,
  pointsByKind,
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

describe('pointsByKind', () => {
  it('gives one MultiPoint per kind present, holding the positions of its live observations in order', () => {
    const a = obs({ kind: 'camera', position: { lon: 4.1, lat: 50.1, accuracy: null, source: 'manual' } });
    const b = obs({ kind: 'antenna', position: { lon: 4.2, lat: 50.2, accuracy: 5, source: 'gps' } });
    const c = obs({ kind: 'camera', position: { lon: 4.3, lat: 50.3, accuracy: 5, source: 'gps' } });
    const gone = obs({ kind: 'guard', deleted: true });
    const fc = pointsByKind(mapPointsOf([a, b, c, gone]));
    expect(fc).toEqual({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { kind: 'camera' }, geometry: { type: 'MultiPoint', coordinates: [[4.1, 50.1], [4.3, 50.3]] } },
        { type: 'Feature', properties: { kind: 'antenna' }, geometry: { type: 'MultiPoint', coordinates: [[4.2, 50.2]] } },
      ],
    });
    expect(pointsByKind([]).features).toEqual([]);
  });
});

describe('pointAt', () => {
  const at = (kind: Observation['kind'], lon: number, lat: number) => obs({ kind, position: { lon, lat, accuracy: 5, source: 'gps' } });
  const camera = at('camera', 4.35, 50.85);
  // Nearer to the tap than the camera, but of another kind.
  const antenna = at('antenna', 4.35001, 50.85001);
  const farCamera = at('camera', 4.36, 50.85);
  const points = mapPointsOf([camera, antenna, farCamera]);

  it('finds the observation of the tapped kind nearest to the position the map reports', () => {
    // MapLibre reports a drawn point's position rounded to its tile's grid: a few centimetres off.
    expect(pointAt(points, 'camera', 4.3500004, 50.8500003)?.id).toBe(camera.id);
    expect(pointAt(points, 'antenna', 4.3500004, 50.8500003)?.id).toBe(antenna.id);
    expect(pointAt(points, 'camera', 4.3599996, 50.85)?.id).toBe(farCamera.id);
  });

  it('weighs longitude by the latitude: degrees east are shorter than degrees north', () => {
    // 0.0012° east is ~84 m at this latitude, 0.001° north ~111 m: the eastern one is nearer.
    const east = at('guard', 4.3512, 50.85);
    const north = at('guard', 4.35, 50.851);
    expect(pointAt(mapPointsOf([north, east]), 'guard', 4.35, 50.85)?.id).toBe(east.id);
  });

  it('finds nothing when no observation has the kind', () => {
    expect(pointAt(points, 'drone', 4.35, 50.85)).toBeUndefined();
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
