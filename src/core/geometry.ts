/**
 * Small-scale geometry for the map: view cones, distances and bearings.
 *
 * Offsets use an equirectangular approximation (metres per degree of longitude scaled by cos(lat)).
 * Over the tens of metres a cone spans in Brussels (lat ≈ 50.8°) the error is far below GPS error,
 * and it needs no projection library. Distances use the haversine formula on a spherical Earth.
 */
import { normaliseDegrees } from './direction.ts';

export interface LonLat {
  lon: number;
  lat: number;
}

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_METRES = 6_371_008.8;
const RAD = Math.PI / 180;
const round7 = (n: number): number => Math.round(n * 1e7) / 1e7;

/** The point `distance` metres from (lon, lat) towards `bearing` (degrees clockwise from north). */
export function destination(lon: number, lat: number, bearing: number, distance: number): [number, number] {
  const east = distance * Math.sin(bearing * RAD);
  const north = distance * Math.cos(bearing * RAD);
  const dLat = north / EARTH_RADIUS_METRES / RAD;
  const dLon = east / (EARTH_RADIUS_METRES * Math.cos(lat * RAD)) / RAD;
  return [round7(lon + dLon), round7(lat + dLat)];
}

/**
 * A camera's field of view as a closed polygon ring of [lon, lat] pairs: the apex at the camera,
 * then an arc of radius `radiusMetres` spanning `fieldOfView` degrees centred on `bearing`.
 * The ring runs counter-clockwise, as RFC 7946 asks of exterior rings. A field of view of 360° or
 * more gives a full circle around the camera.
 */
export function viewCone(
  lon: number,
  lat: number,
  bearing: number,
  fieldOfView = 60,
  radiusMetres = 25,
): [number, number][] {
  if (![lon, lat, bearing, fieldOfView, radiusMetres].every(Number.isFinite) || fieldOfView <= 0 || radiusMetres <= 0) {
    throw new RangeError(
      `viewCone expects finite numbers, fieldOfView > 0 and radiusMetres > 0; got ${[lon, lat, bearing, fieldOfView, radiusMetres].join(', ')}`,
    );
  }
  const fov = Math.min(fieldOfView, 360);
  // About one vertex per 5°, enough for a smooth arc at any zoom a street needs.
  const steps = Math.max(2, Math.ceil(fov / 5));
  const arc: [number, number][] = [];
  // From the right edge back to the left edge: counter-clockwise on the map.
  for (let i = 0; i <= steps; i++) {
    arc.push(destination(lon, lat, bearing + fov / 2 - (fov * i) / steps, radiusMetres));
  }
  if (fov >= 360) {
    arc[arc.length - 1] = arc[0] as [number, number];
    return arc;
  }
  const apex: [number, number] = [round7(lon), round7(lat)];
  return [apex, ...arc, apex];
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: LonLat, b: LonLat): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from `a` to `b`, integer degrees 0–359 (for dragging a direction handle). */
export function bearingDegrees(a: LonLat, b: LonLat): number {
  const φ1 = a.lat * RAD;
  const φ2 = b.lat * RAD;
  const Δλ = (b.lon - a.lon) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return normaliseDegrees(Math.round(Math.atan2(y, x) / RAD));
}

/** The lon/lat box (degrees) that holds every point within `radius` metres of a point; a box to
 * search an index with, before the exact `distanceMetres` (valid away from the poles). */
export function boxAround(p: LonLat, radius: number): { minLon: number; minLat: number; maxLon: number; maxLat: number } {
  const dLat = (radius / EARTH_RADIUS_METRES) / RAD;
  const dLon = dLat / Math.max(Math.cos(p.lat * RAD), 1e-6);
  return { minLon: p.lon - dLon, minLat: p.lat - dLat, maxLon: p.lon + dLon, maxLat: p.lat + dLat };
}
