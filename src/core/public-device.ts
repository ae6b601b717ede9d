/**
 * A device as the public sees it: one Feature of the open-data feed (RFC 7946, WGS84 lon/lat), the
 * shape the public page, the OGC API, the CSV and the Atom feeds read. Fields the moderation adds
 * (`status`, `firstSeen`, `lastConfirmed` and `confirmations`, `description`, `publishedOn`,
 * `removedOn`) are optional here: a server without moderation serves every device as standing.
 * Unknown properties pass through, so a newer server does not break an older page.
 */
import { z } from './zod.ts';
import { KINDS } from './taxonomy.ts';

/** Publication states the public may see; `published` when the server says nothing. */
export const PUBLIC_STATUSES = ['published', 'removed'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** `YYYY-MM-DD` or an RFC 3339 time; the public page shows days. */
const dayOrTime = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}/, 'expected a day YYYY-MM-DD or an RFC 3339 time'));

export const publicPropertiesSchema = z.looseObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  kind: z.enum(KINDS),
  status: z.optional(z.enum(PUBLIC_STATUSES)),
  certainty: z.optional(z.string()),
  observedOn: z.optional(dayOrTime),
  observedAt: z.optional(dayOrTime),
  firstSeen: z.optional(dayOrTime),
  lastConfirmed: z.optional(dayOrTime),
  confirmations: z.optional(z.number().check(z.int(), z.minimum(0))),
  publishedOn: z.optional(dayOrTime),
  removedOn: z.optional(dayOrTime),
  description: z.optional(z.string()),
  details: z._default(z.record(z.string(), z.unknown()), {}),
  photos: z._default(z.array(z.string()), []),
});
export type PublicProperties = z.infer<typeof publicPropertiesSchema>;

export const publicFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.optional(z.union([z.string(), z.number()])),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number().check(z.minimum(-180), z.maximum(180)), z.number().check(z.minimum(-90), z.maximum(90))]) }),
  properties: publicPropertiesSchema,
});
export type PublicFeature = z.infer<typeof publicFeatureSchema>;

export const statusOf = (p: Pick<PublicProperties, 'status'>): PublicStatus => p.status ?? 'published';

/** The day a device was first seen: the moderation's `firstSeen`, else the day of the observation. */
export const firstSeenOf = (p: PublicProperties): string | null => (p.firstSeen ?? p.observedOn ?? p.observedAt ?? null)?.slice(0, 10) ?? null;

/** The day it was last seen standing: `lastConfirmed`, else the first sighting. */
export const lastConfirmedOf = (p: PublicProperties): string | null => p.lastConfirmed?.slice(0, 10) ?? firstSeenOf(p);

/** The licence and attribution every open-data output carries in its metadata. */
export const OPEN_DATA_LICENSE = {
  name: 'ODbL-1.0',
  title: 'Open Database License (ODbL) v1.0',
  url: 'https://opendatacommons.org/licenses/odbl/1-0/',
  attribution: '© Contrechamp contributors, ODbL 1.0',
} as const;

export type DeviceEventKind = 'published' | 'confirmed' | 'removed';

/**
 * What happened to a public device, by day (`YYYY-MM-DD`, oldest first): published (on
 * `publishedOn`, else its first sighting), re-confirmed (`lastConfirmed`, when later), removed
 * (`removedOn`, else its last confirmation). The Atom feeds and the device page's history read it.
 */
export function deviceEvents(p: PublicProperties): { kind: DeviceEventKind; day: string }[] {
  const published = (p.publishedOn ?? '').slice(0, 10) || firstSeenOf(p);
  if (!published) return [];
  const events: { kind: DeviceEventKind; day: string }[] = [{ kind: 'published', day: published }];
  const confirmed = p.lastConfirmed?.slice(0, 10);
  if (confirmed && confirmed > published) events.push({ kind: 'confirmed', day: confirmed });
  if (statusOf(p) === 'removed') events.push({ kind: 'removed', day: p.removedOn?.slice(0, 10) ?? confirmed ?? published });
  return events;
}
