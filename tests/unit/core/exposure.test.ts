import { describe, expect, it } from 'vitest';
import { destination } from '../../../src/core/geometry.ts';
import { directionsOf, routeExposure, viewAreas } from '../../../src/core/exposure.ts';
import type { PublicFeature } from '../../../src/core/public-device.ts';

const device = (id: string, kind: PublicFeature['properties']['kind'], lon: number, lat: number, details: Record<string, unknown> = {}, status?: 'removed'): PublicFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { id, kind, details, photos: [], ...(status ? { status } : {}) },
});

const CAM = [4.3525, 50.8467] as const;

describe('route exposure', () => {
  it('counts the length of a line inside a camera cone (40 m east)', () => {
    const cam = device('c1', 'camera', CAM[0], CAM[1], { direction: 90 });
    const west = destination(CAM[0], CAM[1], 270, 60);
    const east = destination(CAM[0], CAM[1], 90, 60);
    const r = routeExposure([west, east], [cam], 0.5);
    expect(r.lengthMetres).toBeGreaterThan(119);
    expect(r.lengthMetres).toBeLessThan(121);
    // From the camera eastwards to the end of its 40 m reach.
    expect(r.exposedMetres).toBeGreaterThan(38);
    expect(r.exposedMetres).toBeLessThan(41);
    expect(r.share).toBeCloseTo(r.exposedMetres / r.lengthMetres, 6);
    expect(r.devices).toEqual(['c1']);
    expect(r.byKind.camera).toBeCloseTo(r.exposedMetres, 6);
  });

  it('is 0 far away, behind the camera, and for a removed device', () => {
    const cam = device('c1', 'camera', CAM[0], CAM[1], { direction: 90 });
    const far = [destination(CAM[0], CAM[1], 0, 2000), destination(CAM[0], CAM[1], 0, 2100)];
    expect(routeExposure(far, [cam]).share).toBe(0);
    const behind = [destination(CAM[0], CAM[1], 270, 10), destination(CAM[0], CAM[1], 270, 50)];
    expect(routeExposure(behind, [cam]).share).toBe(0);
    const gone = device('c2', 'camera', CAM[0], CAM[1], { direction: 90 }, 'removed');
    expect(routeExposure([CAM as unknown as [number, number], destination(CAM[0], CAM[1], 90, 30)], [gone]).share).toBe(0);
  });

  it('uses a disc of the kind default where the direction is unknown, and nothing for kinds that watch no route', () => {
    expect(viewAreas(device('a', 'camera', CAM[0], CAM[1]))).toHaveLength(1);
    expect(viewAreas(device('b', 'antenna', CAM[0], CAM[1]))).toHaveLength(0);
    const line = [destination(CAM[0], CAM[1], 270, 50), destination(CAM[0], CAM[1], 90, 50)];
    const r = routeExposure(line, [device('a', 'camera', CAM[0], CAM[1])], 0.5);
    expect(r.exposedMetres).toBeGreaterThan(39); // a 20 m disc: 40 m of a line through its centre
    expect(r.exposedMetres).toBeLessThan(41);
  });

  it('reads numbers, bearings, arcs and lists as directions', () => {
    expect(directionsOf(90)).toEqual([{ bearing: 90, fov: 60 }]);
    expect(directionsOf([{ degrees: 10 }, { from: 90, to: 270 }])).toEqual([
      { bearing: 10, fov: 60 },
      { bearing: 180, fov: 180 },
    ]);
    expect(directionsOf(undefined)).toEqual([]);
  });

  it('refuses a line of one point', () => {
    expect(() => routeExposure([[4, 50]], [])).toThrow(RangeError);
  });
});
