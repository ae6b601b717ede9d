/**
 * Map points (core/map-point.ts: what the map draws of an observation) as the GeoJSON the map
 * draws: my points as one MultiPoint per kind (clustered by MapLibre), the shared map's one point
 * each, and one view-cone polygon per direction (a range's width, else the default); and back from
 * a tapped point to its observation. Pure, so it is unit-tested in Node.
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
export interface MultiPoint {
  type: 'MultiPoint';
  coordinates: [number, number][];
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

/** A MultiPoint of my points holds every one of a kind: each position is clustered and drawn as a point of its own. */
export interface KindProperties {
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

/** The shared map's points (not clustered): one feature each, with the id a tap reads. */
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

/**
 * My points for the clustered source: one MultiPoint feature per kind present, in the order of
 * `points` within each kind. MapLibre copies the GeoJSON object by object to its worker (main
 * thread and worker both, about 150 ms each for 10,000 point features); a few features of long
 * coordinate lists copy in a tenth of that. Its clustering splits a MultiPoint into points that
 * keep the feature's properties, so clusters, colours and badges are those of one point each;
 * a tapped point is found again with `pointAt`.
 */
export function pointsByKind(points: readonly MapPoint[]): FeatureCollection<MultiPoint, KindProperties> {
  const byKind = new Map<Kind, [number, number][]>();
  for (const p of points) {
    const positions = byKind.get(p.kind);
    if (positions) positions.push([p.lon, p.lat]);
    else byKind.set(p.kind, [[p.lon, p.lat]]);
  }
  return {
    type: 'FeatureCollection',
    features: [...byKind].map(([kind, coordinates]) => ({ type: 'Feature', properties: { kind }, geometry: { type: 'MultiPoint', coordinates } })),
  };
}

/**
 * The point of `kind` nearest to `lon, lat` (WGS84 degrees; distances compared on a plane scaled by
 * the cosine of the latitude), or undefined when there is none of that kind. A point MapLibre
 * draws unclustered has no other within the cluster radius, and the position it reports back
 * is its tile's rounding of the stored one (well under a pixel), so the nearest is the one
 * tapped; points at the very same place are one dot, and the first of them in `points` is given.
 */
export function pointAt(points: readonly MapPoint[], kind: string, lon: number, lat: number): MapPoint | undefined {
  const scale = Math.cos((lat * Math.PI) / 180);
  let best: MapPoint | undefined;
  let bestDistance = Infinity;
  for (const p of points) {
    if (p.kind !== kind) continue;
    const dx = (p.lon - lon) * scale;
    const dy = p.lat - lat;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      best = p;
      bestDistance = distance;
    }
  }
  return best;
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
