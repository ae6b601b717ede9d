/**
 * What the map draws of one of my observations: its id, kind, position (WGS84 lon/lat, degrees)
 * and, when it has any, its directions as stored (core/direction.ts). The store keeps one beside
 * every live observation (store `mapPoints`, written in the same transaction as the observation),
 * so the map reads 10,000 of these small records rather than whole observations. Kept free of
 * zod, so the database's upgrade can make points without loading the schemas (those are in
 * map-point-schema.ts, which checks every point read back).
 */
import type { z } from 'zod/mini';
import type { Observation } from './observation.ts';
import type { mapPointSchema } from './map-point-schema.ts';

export type MapPoint = z.infer<typeof mapPointSchema>;

/** The point of a live observation; null for a tombstone (a deleted observation is not drawn). */
export function mapPointOf(obs: Observation): MapPoint | null {
  if (obs.deleted) return null;
  const direction = obs.details.direction;
  return { id: obs.id, kind: obs.kind, lon: obs.position.lon, lat: obs.position.lat, ...(direction ? { direction } : {}) };
}

/** The points of the live ones among `observations` (the shared map, the moderation view). */
export const mapPointsOf = (observations: readonly Observation[]): MapPoint[] => observations.flatMap((o) => mapPointOf(o) ?? []);
