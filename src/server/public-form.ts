/**
 * What others may see of an observation (privacy rules of DESIGN.md): for a fixed device the day
 * only, never the time of day (the walker's route is nobody's business); drone and mobile-unit
 * events keep their time window. Never the device, the token, or the walk that linked a route.
 */
import { isEventKind } from '../core/taxonomy.ts';
import type { Observation } from '../core/observation.ts';

const TIME_ZONE = 'Europe/Brussels';
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' });

interface DayInfo {
  day: string;
  midnight: string;
}

// Offsets change only on the hour: one Intl lookup per UTC hour, not per timestamp (ingest is hot).
const byHour = new Map<string, DayInfo>();

function dayInfo(iso: string): DayInfo {
  // The local hour and the offset fix the UTC hour: no Date needed on a cache hit.
  const tail = iso.endsWith('Z') || iso.endsWith('z') ? 'Z' : iso.slice(-6);
  const hourKey = iso.slice(0, 13) + tail;
  let info = byHour.get(hourKey);
  if (!info) {
    const day = dayFormat.format(new Date(iso));
    // The offset in force at local midnight: 00:00 UTC of that day is 01:00 or 02:00 in Brussels,
    // still before the EU switch (01:00 UTC), and after local midnight.
    const instant = new Date(`${day}T00:00:00Z`);
    const name = offsetFormat.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const offset = name === 'GMT' ? '+00:00' : name.slice(3);
    info = { day, midnight: `${day}T00:00:00${offset}` };
    if (byHour.size > 50_000) byHour.clear();
    byHour.set(hourKey, info);
  }
  return info;
}

/** The calendar day in Brussels, `YYYY-MM-DD`. */
export function brusselsDay(iso: string): string {
  return dayInfo(iso).day;
}

/** Midnight of that Brussels day as an RFC 3339 time with its offset: a schema-valid "day only". */
export function brusselsMidnight(iso: string): string {
  return dayInfo(iso).midnight;
}

/** The form served to devices other than the author (pull) — still a valid Observation, so that
 * clients validate everything they pull with the one schema. */
export function publicObservation(obs: Observation): Observation {
  const { walkId: _walkId, ...rest } = obs;
  const out: Observation = {
    ...rest,
    createdAt: brusselsMidnight(obs.createdAt),
    updatedAt: brusselsMidnight(obs.updatedAt),
  };
  if (!isEventKind(obs.kind)) out.observedAt = brusselsMidnight(obs.observedAt);
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
  const event = isEventKind(obs.kind);
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
