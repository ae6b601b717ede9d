/**
 * Map points (core/map-point.ts: what the map draws of an observation) as the GeoJSON the map
 * draws: one point each (clustered by MapLibre) and one view-cone polygon per direction (a range's
 * width, else the default). Pure, so it is unit-tested in Node.
 */
import { directionsOf } from '../../core/direction.ts';
import { viewCone } from '../../core/geometry.ts';
import type { MapPoint } from '../../core/map-point.ts';
import { hasDirection, type Kind } from '../../core/taxonomy.ts';

/** The few GeoJSON shapes we emit, typed here rather than through an undeclared @types package. */
export interface Point {
  type: 'Point';
  coordinates: [number, number];
}
export interface Polygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}
export interface Feature<G, P> {
  type: 'Feature';
  properties: P;
  geometry: G;
}
export interface FeatureCollection<G, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}

/** Only what the layers and taps read: MapLibre copies every value to its worker. */
export interface PointProperties {
  id: string;
  kind: Kind;
}

export interface ConeProperties {
  id: string;
  kind: Kind;
  /** Bearing of this cone, degrees. */
  direction: number;
  /** Its field of view, degrees: the range's width, else the default. */
  width: number;
}

/** The cone's length on the ground, metres. */
export const CONE_RADIUS_METRES = 25;

export function observationPoints(points: readonly MapPoint[]): FeatureCollection<Point, PointProperties> {
  return {
    type: 'FeatureCollection',
    features: points.map(
      (p): Feature<Point, PointProperties> => ({
        type: 'Feature',
        // MapLibre keeps string ids only through promoteId; the id property is what taps read.
        properties: { id: p.id, kind: p.kind },
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      }),
    ),
  };
}

export function observationCones(points: readonly MapPoint[]): FeatureCollection<Polygon, ConeProperties> {
  const features: Feature<Polygon, ConeProperties>[] = [];
  for (const o of points) {
    if (!hasDirection(o.kind) || !o.direction) continue;
    for (const { bearing, fov } of directionsOf(o.direction)) {
      const ring = viewCone(o.lon, o.lat, bearing, fov, CONE_RADIUS_METRES);
      features.push({
        type: 'Feature',
        properties: { id: o.id, kind: o.kind, direction: bearing, width: fov },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** The bounding box [west, south, east, north] of the points, or null when there are none. */
export function observationBounds(points: readonly MapPoint[]): [number, number, number, number] | null {
  if (points.length === 0) return null;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const p of points) {
    west = Math.min(west, p.lon);
    east = Math.max(east, p.lon);
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
  }
  return [west, south, east, north];
}

/** The GPS accuracy circle around a position, as a polygon ring (a 360° cone is a circle). */
export function accuracyRing(lon: number, lat: number, metres: number): [number, number][] {
  return viewCone(lon, lat, 0, 360, Math.max(metres, 0.5));
}
