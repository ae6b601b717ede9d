/**
 * One flat record per observation: the columns of the CSV, the properties of the GeoJSON and the
 * description of KML/GPX all come from here, and the readers turn such a record back into an
 * Observation. Field names are the model's own (README.txt of the bundle explains them); directions
 * are one text cell in OSM form (`90;270`, `80-100`), as `camera:direction` writes them.
 */
import { formatDirections, parseDirections } from '../direction.ts';
import { observationSchema, type Observation } from '../observation.ts';
import { publicStamps } from '../public-time.ts';
import { FIELDS, type FieldName } from '../taxonomy.ts';
import type { SkipReason } from './import-result.ts';

export const COORDINATE_DECIMALS = 7;
const SCALE = 10 ** COORDINATE_DECIMALS;

/** At most 7 decimals (about 1 cm), as RFC 7946 advises; the shortest form JS prints has no more. */
export const roundCoordinate = (value: number): number => {
  const rounded = Math.round(value * SCALE) / SCALE;
  return rounded === 0 ? 0 : rounded; // no "-0" in the output
};

export const DETAIL_COLUMNS = Object.keys(FIELDS) as FieldName[];

/** The record's columns in output order; lat/lon are the geometry in GeoJSON, columns elsewhere. */
export const RECORD_COLUMNS = [
  'id',
  'kind',
  'lat',
  'lon',
  'accuracy',
  'positionSource',
  'observedAt',
  'createdAt',
  'updatedAt',
  'version',
  'certainty',
  'walkId',
  'notes',
  'photos',
  ...DETAIL_COLUMNS,
  'deleted',
] as const;
export type RecordColumn = (typeof RECORD_COLUMNS)[number];

export type Cell = string | number | boolean | null | readonly string[];
/** Absent optional values are left out, not null (only `accuracy` is ever null). */
export type FlatRecord = Partial<Record<RecordColumn, Cell>>;

export interface RecordOptions {
  /**
   * For the shared map and open data: the stamps others may see (core/public-time.ts: a fixed
   * device shows its Brussels day, events keep their time), and no walk id, which links a
   * walker's observations. A function decides record by record (my observations and the shared
   * map in one file).
   */
  publicData?: boolean | ((obs: Observation) => boolean);
}

/** Whether this record is written in its public form. */
export const isPublicRecord = (obs: Observation, options: RecordOptions): boolean =>
  typeof options.publicData === 'function' ? options.publicData(obs) : options.publicData === true;

/**
 * The record of an observation: every column of RECORD_COLUMNS it has, in that order but for `lat`
 * and `lon`, which come last (CSV writes its columns by name; KML and GPX read the position by name
 * and leave it out of their descriptions).
 */
export function toFlatRecord(obs: Observation, options: RecordOptions = {}): FlatRecord {
  // Added to the properties, not spread with them into a new object: that copy cost about 40 ms per 100,000.
  const record = toRecordProperties(obs, options);
  record.lat = roundCoordinate(obs.position.lat);
  record.lon = roundCoordinate(obs.position.lon);
  return record;
}

/** The record without `lat` and `lon`: the properties of a GeoJSON feature, whose geometry holds the position. */
export function toRecordProperties(obs: Observation, options: RecordOptions = {}): FlatRecord {
  const pub = isPublicRecord(obs, options);
  const stamps = pub ? publicStamps(obs, 'day') : obs;
  // One literal, then keys in one order: records share their shape, which JSON.stringify is quick with.
  const record: FlatRecord = {
    id: obs.id,
    kind: obs.kind,
    accuracy: obs.position.accuracy,
    positionSource: obs.position.source,
    observedAt: stamps.observedAt,
    createdAt: stamps.createdAt,
    updatedAt: stamps.updatedAt,
    version: obs.version,
    certainty: obs.certainty,
  };
  if (obs.walkId !== undefined && !pub) record.walkId = obs.walkId;
  record.notes = obs.notes;
  record.photos = obs.photos;
  for (const name of DETAIL_COLUMNS) {
    const value = obs.details[name];
    if (value !== undefined) record[name] = Array.isArray(value) ? formatDirections(value) : value;
  }
  if (obs.deleted !== undefined) record.deleted = obs.deleted;
  return record;
}

export type RecordOutcome =
  | { ok: true; observation: Observation }
  | { ok: false; reason: SkipReason; params: Record<string, string | number> };

const NUMBER_COLUMNS = new Set<string>([
  'lat',
  'lon',
  'accuracy',
  'version',
  ...DETAIL_COLUMNS.filter((name) => FIELDS[name].type === 'number'),
]);

// A decimal comma, as fr-BE and nl-BE spreadsheets write numbers ("50,8466456"); one comma between
// digits only, so a list or a thousands grouping is never read as a number.
const DECIMAL_COMMA = /^\s*[+-]?\d+,\d+\s*$/;

const decimalPoint = (text: string): string => (DECIMAL_COMMA.test(text) ? text.replace(',', '.') : text);

/** A number cell as text: `12.5`, or `12,5` with a decimal comma; null when it is no number. */
export function parseNumberCell(text: string): number | null {
  const n = Number(decimalPoint(text));
  return text.trim() !== '' && Number.isFinite(n) ? n : null;
}

/**
 * Text cells (CSV) become the model's types: numbers parsed (decimal point or comma), photos split on ";", empty cells
 * absent. A cell that is not a number where one is expected stays text, so the schema names it.
 */
export function textCellsToRecord(cells: Record<string, string>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(cells)) {
    if (text === '') {
      if (name === 'accuracy') record[name] = null;
      else if (name === 'notes') record[name] = '';
      else if (name === 'photos') record[name] = [];
      continue;
    }
    if (NUMBER_COLUMNS.has(name)) {
      record[name] = parseNumberCell(text) ?? text;
    } else if (name === 'photos') {
      record[name] = text.split(';');
    } else if (name === 'deleted') {
      record[name] = text === 'true' ? true : text === 'false' ? false : text;
    } else {
      record[name] = text;
    }
  }
  return record;
}

const inRange = (lon: unknown, lat: unknown): boolean =>
  typeof lon === 'number' && typeof lat === 'number' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;

/** A record (our own export, read back) as a validated Observation, or the reason it is skipped. */
export function fromFlatRecord(record: Record<string, unknown>): RecordOutcome {
  const { lon, lat } = record;
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    return { ok: false, reason: 'import.invalidRecord', params: { field: 'position' } };
  }
  if (!inRange(lon, lat)) {
    return { ok: false, reason: 'import.coordinatesOutOfRange', params: { lon, lat } };
  }
  const details: Record<string, unknown> = {};
  for (const name of DETAIL_COLUMNS) {
    const value = record[name];
    if (value === undefined || value === null) continue;
    // A direction cell in OSM form; one the parser cannot read stays text, so the schema names it.
    details[name] = FIELDS[name].type === 'directions' && typeof value === 'string' ? (parseDirections(decimalPoint(value)) ?? value) : value;
  }
  const candidate: Record<string, unknown> = {
    id: record.id,
    kind: record.kind,
    position: {
      lon,
      lat,
      accuracy: record.accuracy === undefined ? null : record.accuracy,
      source: record.positionSource,
    },
    observedAt: record.observedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
    certainty: record.certainty,
    notes: record.notes ?? '',
    photos: record.photos ?? [],
    details,
  };
  if (record.walkId !== undefined && record.walkId !== null && record.walkId !== '') candidate.walkId = record.walkId;
  if (record.deleted !== undefined && record.deleted !== null) candidate.deleted = record.deleted;
  const parsed = observationSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: 'import.invalidRecord',
      params: { field: issue ? issue.path.join('.') : '', message: issue?.message ?? '' },
    };
  }
  return { ok: true, observation: parsed.data as Observation };
}
