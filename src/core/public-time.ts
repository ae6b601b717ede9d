/**
 * What others may see of an observation's times (privacy rules of DESIGN.md): a fixed device shows
 * the Brussels day it was seen, never the time of day (the walker's route is nobody's business);
 * drone and mobile-unit events keep their time window; creation and update stamps are days for
 * every kind. The server's pull and open-data feed and the exporters' `publicData` all ask here.
 */
import type { Observation } from './observation.ts';
import { isEventKind, type Kind } from './taxonomy.ts';

const TIME_ZONE = 'Europe/Brussels';
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' });

interface DayInfo {
  day: string;
  midnight: string;
}

// Brussels' offset changes only on a whole UTC hour: one Intl lookup per UTC hour of the instant,
// not per timestamp (ingest is hot). The key is that instant's UTC hour, whatever offset the stamp
// was written with (RFC 3339 allows +05:30, -03:30, +05:45…: the local hour does not fix it).
const byHour = new Map<number, DayInfo>();

function dayInfo(iso: string): DayInfo {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`expected an RFC 3339 time, got ${JSON.stringify(iso)}`);
  const hourKey = Math.floor(ms / 3_600_000);
  let info = byHour.get(hourKey);
  if (!info) {
    const day = dayFormat.format(new Date(ms));
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

/** The calendar day in Brussels of the instant an RFC 3339 time names (any offset), `YYYY-MM-DD`.
 * Throws a RangeError for a text that is not a time. */
export function brusselsDay(iso: string): string {
  return dayInfo(iso).day;
}

/** Midnight of that Brussels day as an RFC 3339 time with its offset: a schema-valid "day only". */
export function brusselsMidnight(iso: string): string {
  return dayInfo(iso).midnight;
}

/** Drones and mobile units are events: their time window is the observation. Fixed devices are not. */
export const keepsTimeOfDay = (kind: Kind): boolean => isEventKind(kind);

export type PublicStamps = Pick<Observation, 'observedAt' | 'createdAt' | 'updatedAt'>;

/**
 * The three stamps as others may see them. `day` gives `YYYY-MM-DD` (exports, open data);
 * `midnight` gives that day as a schema-valid time (what other devices pull).
 */
export function publicStamps(obs: Observation, form: 'day' | 'midnight'): PublicStamps {
  const toDay = form === 'day' ? brusselsDay : brusselsMidnight;
  return {
    observedAt: keepsTimeOfDay(obs.kind) ? obs.observedAt : toDay(obs.observedAt),
    createdAt: toDay(obs.createdAt),
    updatedAt: toDay(obs.updatedAt),
  };
}
