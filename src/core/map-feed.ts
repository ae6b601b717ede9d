/**
 * The public map's own feed (`GET /api/v1/map.json`): only what the map draws and filters, one
 * short row per public device, so that the page downloads a fraction of the GeoJSON feed; a
 * device's page reads the rest (details, photos, history) from its OGC API item. Written by the
 * server from the public set, read by the page; both sides hold it to `mapFeedSchema`.
 *
 * `{ format, license, attribution, today, kinds, operators, communes, devices }`, each device a row
 * `[id, lon, lat, kind, operator, commune, flags, firstMonth, removedOn, direction?, range?]`:
 * - `id`: the public id; `lon`/`lat`: WGS84 degrees rounded to `MAP_DECIMALS` places (about a
 *   metre, finer than a phone's GPS: the map loses nothing a walker could measure);
 * - `kind`: index into `kinds`; `operator`: index into `operators`, -1 when none; `commune`:
 *   index into `communes` (NIS codes, placed by the server with `communeOf`), -1 outside the Region;
 * - `flags`: `FLAG.fresh` confirmed within a year of `today`, `FLAG.stale` confirmed before,
 *   `FLAG.removed` removed from the street, `FLAG.unannounced` a camera walkers found without
 *   the legal pictogram (signage `none`);
 * - `firstMonth`: month of first sighting `YYYY-MM` (the communes' growth), '' when unknown;
 *   `removedOn`: `YYYY-MM-DD`, '' while standing or unknown;
 * - `direction`, `range`: the public `details.direction` and `details.range` as they are (the view
 *   cones and the route exposure read them with `viewAreas`), left out when absent.
 * Nothing here is not already in the GeoJSON feed: no time of day, no walker, no notes.
 */
import { z } from './zod.ts';
import { firstSeenOf, lastConfirmedOf, OPEN_DATA_LICENSE, statusOf, type PublicFeature, type PublicStatus } from './public-device.ts';
import { KINDS, type Kind } from './taxonomy.ts';

export const MAP_FEED_FORMAT = 'contrechamp-map/1';
export const MAP_DECIMALS = 5;
export const FLAG = { fresh: 1, stale: 2, removed: 4, unannounced: 8 } as const;

const day = z.union([z.literal(''), z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))]);
const month = z.union([z.literal(''), z.string().check(z.regex(/^\d{4}-\d{2}$/))]);

export const mapRowSchema = z.tuple(
  [
    z.string().check(z.minLength(1), z.maxLength(200)),
    z.number().check(z.minimum(-180), z.maximum(180)),
    z.number().check(z.minimum(-90), z.maximum(90)),
    z.number().check(z.int(), z.minimum(0)),
    z.number().check(z.int(), z.minimum(-1)),
    z.number().check(z.int(), z.minimum(-1)),
    z.number().check(z.int(), z.minimum(0), z.maximum(15)),
    month,
    day,
  ],
  z.unknown(),
);
export type MapRow = z.infer<typeof mapRowSchema>;

export const mapFeedSchema = z.object({
  format: z.literal(MAP_FEED_FORMAT),
  license: z.string(),
  attribution: z.string(),
  today: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  kinds: z.array(z.string()),
  operators: z.array(z.string()),
  communes: z.array(z.string()),
  devices: z.array(z.unknown()),
});
export type MapFeed = z.infer<typeof mapFeedSchema>;

/** A device as the map knows it. */
export interface MapDevice {
  id: string;
  kind: Kind;
  status: PublicStatus;
  lon: number;
  lat: number;
  /** Trimmed, null when none. */
  operator: string | null;
  /** NIS code, null outside the Region. */
  commune: string | null;
  /** Confirmed within a year (`fresh`), longer ago (`stale`), or null when the server knows no day. */
  freshness: 'fresh' | 'stale' | null;
  unannounced: boolean;
  /** `YYYY-MM` or null. */
  firstMonth: string | null;
  /** `YYYY-MM-DD` or null. */
  removedOn: string | null;
  /** The public `details.direction` and `details.range`, as they are (undefined when absent). */
  direction: unknown;
  range: unknown;
}

/** The day a year before `today` (`YYYY-MM-DD`): confirmed on or after it is "within a year". */
export function aYearBefore(today: Date): string {
  const d = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), today.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

const round = (x: number): number => Math.round(x * 10 ** MAP_DECIMALS) / 10 ** MAP_DECIMALS;

/** The operator a device names, trimmed; null when none. */
export function operatorOf(feature: PublicFeature): string | null {
  const operator = feature.properties.details.operator;
  return typeof operator === 'string' && operator.trim() ? operator.trim() : null;
}

/** Indexes of the distinct values of a list, in order of first appearance. */
function indexer(): { list: string[]; index(value: string | null): number } {
  const list: string[] = [];
  const seen = new Map<string, number>();
  return {
    list,
    index(value) {
      if (value === null) return -1;
      let i = seen.get(value);
      if (i === undefined) seen.set(value, (i = list.push(value) - 1));
      return i;
    },
  };
}

/**
 * The feed of the public set (standing and removed devices, each with its commune's NIS code or
 * null), freshness reckoned on `today`.
 */
export function encodeMapFeed(entries: readonly { feature: PublicFeature; commune: string | null }[], today: Date): MapFeed {
  const yearAgo = aYearBefore(today);
  const operators = indexer();
  const communes = indexer();
  const kindIndex = new Map<string, number>(KINDS.map((k, i) => [k, i]));
  const devices = entries.map(({ feature: f, commune }): unknown[] => {
    const p = f.properties;
    const confirmed = lastConfirmedOf(p);
    const removed = statusOf(p) === 'removed';
    const flags =
      (confirmed ? (confirmed >= yearAgo ? FLAG.fresh : FLAG.stale) : 0) | (removed ? FLAG.removed : 0) | (p.details.signage === 'none' ? FLAG.unannounced : 0);
    const row: unknown[] = [
      p.id,
      round(f.geometry.coordinates[0]),
      round(f.geometry.coordinates[1]),
      kindIndex.get(p.kind)!,
      operators.index(operatorOf(f)),
      communes.index(commune),
      flags,
      firstSeenOf(p)?.slice(0, 7) ?? '',
      removed ? (p.removedOn?.slice(0, 10) ?? '') : '',
    ];
    const { direction, range } = p.details;
    if (direction !== undefined || range !== undefined) row.push(direction ?? null);
    if (range !== undefined) row.push(range);
    return row;
  });
  return {
    format: MAP_FEED_FORMAT,
    license: OPEN_DATA_LICENSE.url,
    attribution: OPEN_DATA_LICENSE.attribution,
    today: today.toISOString().slice(0, 10),
    kinds: [...KINDS],
    operators: operators.list,
    communes: communes.list,
    devices,
  };
}

/**
 * The devices of a feed body; a row that does not fit (unknown kind, bad operator index, bad
 * coordinates) is skipped, never shown half.
 * @throws Error when the body is not a map feed of this format.
 */
export function decodeMapFeed(body: unknown): MapDevice[] {
  const parsed = mapFeedSchema.safeParse(body);
  if (!parsed.success) throw new Error(`not a ${MAP_FEED_FORMAT} feed: ${parsed.error.issues[0]?.message ?? ''}`);
  const { kinds, operators, communes, devices } = parsed.data;
  const out: MapDevice[] = [];
  for (const raw of devices) {
    const row = mapRowSchema.safeParse(raw);
    if (!row.success) continue;
    const [id, lon, lat, k, o, c, flags, firstMonth, removedOn, direction, range] = row.data;
    const kind = kinds[k];
    if (!kind || !(KINDS as readonly string[]).includes(kind) || o >= operators.length || c >= communes.length) continue;
    out.push({
      id,
      kind: kind as Kind,
      status: flags & FLAG.removed ? 'removed' : 'published',
      lon,
      lat,
      operator: o < 0 ? null : operators[o]!,
      commune: c < 0 ? null : communes[c]!,
      freshness: flags & FLAG.fresh ? 'fresh' : flags & FLAG.stale ? 'stale' : null,
      unannounced: (flags & FLAG.unannounced) !== 0,
      firstMonth: firstMonth || null,
      removedOn: removedOn || null,
      direction: direction ?? undefined,
      range,
    });
  }
  return out;
}

/** A device as the exposure and the view cones read it (`viewAreas`): a Feature with only that. */
export function watchingFeature(d: MapDevice): PublicFeature {
  const details: Record<string, unknown> = {};
  if (d.direction !== undefined) details.direction = d.direction;
  if (d.range !== undefined) details.range = d.range;
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [d.lon, d.lat] }, properties: { id: d.id, kind: d.kind, status: d.status, details, photos: [] } };
}
