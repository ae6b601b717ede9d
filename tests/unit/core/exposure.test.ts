import { describe, expect, it } from 'vitest';
import { destination } from '../../../src/core/geometry.ts';
import { routeExposure, viewAreas } from '../../../src/core/exposure.ts';
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

  it('watches one cone per direction, a narrow range narrowly', () => {
    const d = device('a', 'camera', CAM[0], CAM[1], { direction: [{ bearing: 90 }, { bearing: 0, width: 10 }] });
    expect(viewAreas(d)).toHaveLength(2);
    // A line across the north cone 30 m away: 10° wide there is 2 × 30 × tan 5° = 5.25 m (60° would be 34.6 m).
    const north = destination(CAM[0], CAM[1], 0, 30);
    const r = routeExposure([destination(...north, 270, 20), destination(...north, 90, 20)], [d], 0.1);
    expect(r.exposedMetres).toBeGreaterThan(5);
    expect(r.exposedMetres).toBeLessThan(5.5);
  });

  it('refuses a line of one point', () => {
    expect(() => routeExposure([[4, 50]], [])).toThrow(RangeError);
  });
});
