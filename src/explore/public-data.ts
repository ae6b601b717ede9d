/**
 * The public devices as the page shows them: the map feed (`/api/v1/map.json`, core/map-feed.ts,
 * built by the server from its one public set: only what the map draws and filters, each device
 * placed in its commune there), and the filters the map offers. A device's details come with its own page
 * (the OGC API item), not here.
 */
import { decodeMapFeed, type MapDevice } from '../core/map-feed.ts';
import type { Kind } from '../core/taxonomy.ts';

export const MAP_FEED_URL = '/api/v1/map.json';

export type Device = MapDevice;

/** Kinds whose devices must carry the legal pictogram (camera law of 21 March 2007). */
export const CAMERA_KINDS: readonly Kind[] = ['camera', 'alpr', 'face_recognition'];

/** Loads and reads the map feed. @throws Error when the server does not answer with one. */
export async function loadDevices(signal?: AbortSignal): Promise<Device[]> {
  const res = await fetch(MAP_FEED_URL, { signal, cache: 'no-cache' });
  if (!res.ok) throw new Error(`the map feed answered ${res.status}`);
  return decodeMapFeed(await res.json());
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

/** Whether a device shows under the filters (freshness as the server reckoned it, see map-feed.ts). */
export function matches(d: Device, f: Filters): boolean {
  if (d.status === 'removed' && !f.showRemoved) return false;
  if (f.kind && d.kind !== f.kind) return false;
  if (f.commune && (d.commune ?? 'outside') !== f.commune) return false;
  if (f.operator && d.operator !== f.operator) return false;
  if (f.freshness !== 'all' && d.freshness !== f.freshness) return false;
  return true;
}

/** Whole days from `day` (`YYYY-MM-DD`) to `today`. */
export const daysSince = (day: string, today: Date): number =>
  Math.max(0, Math.floor((Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000));
