/**
 * What others may see of an observation (privacy rules of DESIGN.md): for a fixed device the day
 * only, never the time of day (the walker's route is nobody's business); drone and mobile-unit
 * events keep their time window. Never the device, the token, the walk that linked a route, the
 * walker's notes (a moderator may write a public description instead) or a photo kept private.
 * Written when a moderator publishes (moderation-store.ts), never on receipt.
 */
import type { Observation } from '../core/observation.ts';
import type { Publication } from '../core/publication.ts';
import { brusselsDay, keepsTimeOfDay, publicStamps } from '../core/public-time.ts';

// The day rules live in core (the exporters' public data uses them too); re-exported for the server.
export { brusselsDay, brusselsMidnight } from '../core/public-time.ts';

/** The form served to devices other than the author (pull) — still a valid Observation, so that
 * clients validate everything they pull with the one schema. */
export function publicObservation(obs: Observation, publicId: string, privatePhotos: readonly string[] = []): Observation {
  const { walkId: _walkId, supersedes: _supersedes, ...rest } = obs;
  return {
    ...rest,
    id: publicId,
    ...publicStamps(obs, 'midnight'),
    notes: '',
    photos: obs.photos.filter((h) => !privatePhotos.includes(h)),
  };
}

/** A GeoJSON Feature (RFC 7946) of the open data feed, from the public form and its publication. */
export function publicFeature(obs: Observation, publication: Publication): object {
  const event = keepsTimeOfDay(obs.kind);
  const { id: _id, state, reason: _r, reasonText: _t, survivor: _s, ...history } = publication;
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
      photos: obs.photos,
      status: state,
      ...history,
    },
  };
}
