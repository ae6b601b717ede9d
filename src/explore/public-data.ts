/**
 * The public devices as the page shows them: the open-data feed (`/api/v1/observations.geojson`,
 * the server's one public set), each feature validated by the core schema (an invalid one is
 * skipped, never shown half), placed in its commune, and the filters the map offers.
 */
import { communeOf } from '../core/communes.ts';
import { lastConfirmedOf, publicFeatureSchema, statusOf, type PublicFeature, type PublicStatus } from '../core/public-device.ts';
import type { Kind } from '../core/taxonomy.ts';

export const FEED_URL = '/api/v1/observations.geojson';

export interface Device {
  feature: PublicFeature;
  id: string;
  kind: Kind;
  status: PublicStatus;
  /** NIS code, null outside the Region. */
  commune: string | null;
  operator: string | null;
  /** `YYYY-MM-DD`, or null when the server gives no day. */
  lastConfirmed: string | null;
  /** The day it was removed from the street (`YYYY-MM-DD`), null while standing or when unknown. */
  removedOn: string | null;
  /** A camera kind whose legal pictogram walkers found missing (signage `none`). */
  unannounced: boolean;
}

export function toDevice(feature: PublicFeature): Device {
  const [lon, lat] = feature.geometry.coordinates;
  const operator = feature.properties.details.operator;
  return {
    feature,
    id: feature.properties.id,
    kind: feature.properties.kind,
    status: statusOf(feature.properties),
    commune: communeOf(lon, lat),
    operator: typeof operator === 'string' && operator.trim() ? operator.trim() : null,
    lastConfirmed: lastConfirmedOf(feature.properties),
    removedOn: feature.properties.removedOn?.slice(0, 10) ?? null,
    unannounced: feature.properties.details.signage === 'none',
  };
}

/** Loads and validates the feed. @throws Error when the server does not answer with a FeatureCollection. */
export async function loadDevices(signal?: AbortSignal): Promise<Device[]> {
  const res = await fetch(FEED_URL, { signal, cache: 'no-cache' });
  if (!res.ok) throw new Error(`the feed answered ${res.status}`);
  const body = (await res.json()) as { features?: unknown };
  if (!Array.isArray(body.features)) throw new Error('the feed is not a FeatureCollection');
  const out: Device[] = [];
  for (const raw of body.features) {
    const parsed = publicFeatureSchema.safeParse(raw);
    if (parsed.success) out.push(toDevice(parsed.data));
  }
  return out;
}

export type Freshness = 'all' | 'fresh' | 'stale';

export interface Filters {
  kind: Kind | '';
  /** A NIS code, `outside`, or '' for all. */
  commune: string;
  operator: string;
  freshness: Freshness;
  showRemoved: boolean;
}

export const NO_FILTERS: Filters = { kind: '', commune: '', operator: '', freshness: 'all', showRemoved: false };

/** The day a year before `today` (`YYYY-MM-DD`): confirmed on or after it is "within a year". */
export function aYearBefore(today: Date): string {
  const d = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

export function matches(d: Device, f: Filters, yearAgo: string): boolean {
  if (d.status === 'removed' && !f.showRemoved) return false;
  if (f.kind && d.kind !== f.kind) return false;
  if (f.commune && (d.commune ?? 'outside') !== f.commune) return false;
  if (f.operator && d.operator !== f.operator) return false;
  if (f.freshness === 'fresh' && !(d.lastConfirmed && d.lastConfirmed >= yearAgo)) return false;
  if (f.freshness === 'stale' && !(d.lastConfirmed && d.lastConfirmed < yearAgo)) return false;
  return true;
}

/** Whole days from `day` (`YYYY-MM-DD`) to `today`. */
export const daysSince = (day: string, today: Date): number =>
  Math.max(0, Math.floor((Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000));
