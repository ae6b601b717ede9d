/**
 * Devices near a point, through a spatial index (Flatbush over WGS84 lon/lat degrees, then the
 * exact great-circle distance in metres): the duplicate warning while logging (15 m, same or
 * related kind, DeFlock warns at 50 m blind to kind) and the "still there?" list (50 m). Built once
 * per map snapshot; a query costs a few microseconds at 100,000 devices, not a scan.
 */
import Flatbush from 'flatbush';
import { boxAround, distanceMetres, type LonLat } from './geometry.ts';
import type { Kind } from './taxonomy.ts';

/** Metres within which the form warns of a device that may be the same one. */
export const DUPLICATE_RADIUS = 15;
/** Metres within which a walker is offered "still there?" for a device. */
export const CHECK_RADIUS = 50;

/** Cameras, licence-plate readers and analytics cameras look alike on a pole: one family. */
const FAMILIES: readonly (readonly Kind[])[] = [['camera', 'alpr', 'face_recognition']];

/** Whether a device of kind `b` may be the same device as one logged as kind `a`. */
export function relatedKinds(a: Kind, b: Kind): boolean {
  return a === b || FAMILIES.some((family) => family.includes(a) && family.includes(b));
}

export interface NearbyItem {
  lon: number;
  lat: number;
  kind: Kind;
}

export interface NearbyHit<T> {
  item: T;
  /** Metres from the query point. */
  distance: number;
}

export interface NearbyIndex<T extends NearbyItem> {
  readonly size: number;
  /** Items within `radius` metres of `point`, nearest first; `accept` filters (kind, state…). */
  near(point: LonLat, radius: number, accept?: (item: T) => boolean): NearbyHit<T>[];
}

/** Indexes `items` by position (the array is kept, not copied: do not change it afterwards). */
export function nearbyIndex<T extends NearbyItem>(items: readonly T[]): NearbyIndex<T> {
  if (items.length === 0) return { size: 0, near: () => [] };
  const index = new Flatbush(items.length);
  for (const item of items) index.add(item.lon, item.lat, item.lon, item.lat);
  index.finish();
  return {
    size: items.length,
    near(point, radius, accept) {
      const box = boxAround(point, radius);
      const hits: NearbyHit<T>[] = [];
      for (const i of index.search(box.minLon, box.minLat, box.maxLon, box.maxLat)) {
        const item = items[i]!;
        if (accept && !accept(item)) continue;
        const distance = distanceMetres(point, item);
        if (distance <= radius) hits.push({ item, distance });
      }
      return hits.sort((a, b) => a.distance - b.distance);
    },
  };
}
