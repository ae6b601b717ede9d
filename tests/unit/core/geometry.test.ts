import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearingDegrees, destination, distanceMetres, viewCone } from '../../../src/core/geometry.ts';

const grandPlace = { lon: 4.3522, lat: 50.8467 };

/** Shoelace area in degrees²: positive for a counter-clockwise ring. */
function signedArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i] as [number, number];
    const [x2, y2] = ring[i + 1] as [number, number];
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

describe('distanceMetres', () => {
  it('is zero for the same point and symmetric', () => {
    expect(distanceMetres(grandPlace, grandPlace)).toBe(0);
    const gareDuMidi = { lon: 4.3356, lat: 50.8358 };
    expect(distanceMetres(grandPlace, gareDuMidi)).toBeCloseTo(distanceMetres(gareDuMidi, grandPlace), 6);
  });

  it('matches a known distance (Grand-Place to Gare du Midi ≈ 1.68 km)', () => {
    const d = distanceMetres(grandPlace, { lon: 4.3356, lat: 50.8358 });
    expect(d).toBeGreaterThan(1600);
    expect(d).toBeLessThan(1760);
  });

  it('one degree of latitude is about 111.2 km', () => {
    expect(distanceMetres({ lon: 0, lat: 0 }, { lon: 0, lat: 1 })).toBeCloseTo(111_195, -1);
  });
});

describe('destination and bearingDegrees', () => {
  it('moves the given distance in the given direction (within 1 %)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 359 }), fc.double({ min: 5, max: 500, noNaN: true }), (bearing, d) => {
        const [lon, lat] = destination(grandPlace.lon, grandPlace.lat, bearing, d);
        const got = distanceMetres(grandPlace, { lon, lat });
        expect(Math.abs(got - d)).toBeLessThan(d * 0.01 + 0.02);
        if (d > 20) {
          const back = bearingDegrees(grandPlace, { lon, lat });
          const diff = Math.abs(((back - bearing + 540) % 360) - 180);
          expect(diff).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('north is 0, east is 90', () => {
    expect(bearingDegrees(grandPlace, { lon: grandPlace.lon, lat: grandPlace.lat + 0.01 })).toBe(0);
    expect(bearingDegrees(grandPlace, { lon: grandPlace.lon + 0.01, lat: grandPlace.lat })).toBe(90);
    expect(bearingDegrees(grandPlace, { lon: grandPlace.lon, lat: grandPlace.lat - 0.01 })).toBe(180);
  });
});

describe('viewCone', () => {
  it('is a closed counter-clockwise ring starting at the camera', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 359 }),
        fc.integer({ min: 1, max: 359 }),
        fc.integer({ min: 1, max: 200 }),
        (bearing, fov, radius) => {
          const ring = viewCone(grandPlace.lon, grandPlace.lat, bearing, fov, radius);
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          expect(ring[0]).toEqual([grandPlace.lon, grandPlace.lat]);
          expect(signedArea(ring)).toBeGreaterThan(0);
          for (const [lon, lat] of ring.slice(1, -1)) {
            expect(Math.abs(distanceMetres(grandPlace, { lon, lat }) - radius)).toBeLessThan(radius * 0.01 + 0.02);
          }
        },
      ),
    );
  });

  it('points the way of the bearing: a cone facing east lies east of the camera', () => {
    const ring = viewCone(grandPlace.lon, grandPlace.lat, 90, 60, 25);
    for (const [lon] of ring.slice(1, -1)) expect(lon).toBeGreaterThan(grandPlace.lon);
    const north = viewCone(grandPlace.lon, grandPlace.lat, 0, 60, 25);
    for (const [, lat] of north.slice(1, -1)) expect(lat).toBeGreaterThan(grandPlace.lat);
  });

  it('gives a circle for 360° and rejects nonsense', () => {
    const ring = viewCone(grandPlace.lon, grandPlace.lat, 0, 360, 10);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring).not.toContainEqual([grandPlace.lon, grandPlace.lat]);
    expect(() => viewCone(grandPlace.lon, grandPlace.lat, Number.NaN)).toThrow(RangeError);
    expect(() => viewCone(grandPlace.lon, grandPlace.lat, 0, 0)).toThrow(RangeError);
  });
});
