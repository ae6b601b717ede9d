/**
 * The open-data feed as CSV (RFC 4180, UTF-8 with a byte-order mark): one row per public device,
 * WGS84 longitude/latitude, days only, the commune's NIS code, and one column per detail field of
 * the taxonomy. Walkers' notes are never here (only a moderator's public description).
 */
import { directionsSchema, formatDirections } from '../direction.ts';
import { FIELDS, type FieldName } from '../taxonomy.ts';
import { firstSeenOf, lastConfirmedOf, statusOf, type PublicFeature } from '../public-device.ts';
import { CSV_BOM, csvLine } from './csv-cells.ts';
import type { Cell } from './flat-record.ts';

const DETAIL_COLUMNS = Object.keys(FIELDS) as FieldName[];

export const PUBLIC_CSV_COLUMNS = [
  'id', 'kind', 'status', 'longitude', 'latitude', 'commune_nis', 'first_seen', 'last_confirmed', 'confirmations',
  'observed', 'certainty', 'description', 'photos', ...DETAIL_COLUMNS,
] as const;

function detailCell(name: FieldName, value: unknown): Cell | undefined {
  // Directions as OSM writes them (`90;270`, `80-100`), whatever shape the feed holds.
  if (FIELDS[name].type === 'directions') {
    const list = directionsSchema.safeParse(value);
    if (list.success) return formatDirections(list.data);
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : Array.isArray(value)
      ? value.map(String)
      : value == null
        ? undefined
        : JSON.stringify(value);
}

/** The header line, BOM first. */
export const publicCsvHeader = (): string => CSV_BOM + csvLine([...PUBLIC_CSV_COLUMNS]);

/** One device's line; `commune` is its NIS code or null. */
export function publicCsvLine(f: PublicFeature, commune: string | null): string {
  const p = f.properties;
  const [lon, lat] = f.geometry.coordinates;
  return csvLine([
    p.id, p.kind, statusOf(p), lon, lat, commune, firstSeenOf(p), lastConfirmedOf(p), p.confirmations ?? null,
    p.observedOn ?? p.observedAt ?? null, p.certainty ?? null, p.description ?? null, p.photos,
    ...DETAIL_COLUMNS.map((name) => detailCell(name, p.details[name])),
  ]);
}
