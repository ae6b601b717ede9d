/**
 * What others may see of an observation (privacy rules of DESIGN.md): for a fixed device the day
 * only, never the time of day (the walker's route is nobody's business); drone and mobile-unit
 * events keep their time window. Never the device, the token, or the walk that linked a route.
 */
import type { Observation } from '../core/observation.ts';
import { brusselsDay, keepsTimeOfDay, publicStamps } from '../core/public-time.ts';

// The day rules live in core (the exporters' public data uses them too); re-exported for the server.
export { brusselsDay, brusselsMidnight } from '../core/public-time.ts';

/** The form served to devices other than the author (pull) — still a valid Observation, so that
 * clients validate everything they pull with the one schema. */
export function publicObservation(obs: Observation): Observation {
  const { walkId: _walkId, ...rest } = obs;
  const out: Observation = { ...rest, ...publicStamps(obs, 'midnight') };
  if (obs.deleted) {
    // A retracted observation: others only need to learn that it is gone, not what it said.
    out.notes = '';
    out.photos = [];
    out.details = {};
  }
  return out;
}

/** A GeoJSON Feature (RFC 7946) of the open data feed. */
export function publicFeature(obs: Observation): object {
  const event = keepsTimeOfDay(obs.kind);
  return {
    type: 'Feature',
    id: obs.id,
    geometry: { type: 'Point', coordinates: [obs.position.lon, obs.position.lat] },
    properties: {
      id: obs.id,
      kind: obs.kind,
      version: obs.version,
      certainty: obs.certainty,
      ...(event ? { observedAt: obs.observedAt } : { observedOn: brusselsDay(obs.observedAt) }),
      accuracy: obs.position.accuracy,
      details: obs.details,
      notes: obs.notes,
      photos: obs.photos,
    },
  };
}
