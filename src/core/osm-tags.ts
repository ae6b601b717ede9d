/**
 * The mapping between our observations and OpenStreetMap tags, both ways, for every kind of the
 * taxonomy (DESIGN.md). Writing follows the OSM wiki where OSM has a tag and `contrechamp:*` keys
 * where it has none; reading accepts tags as mappers actually write them (any case in values,
 * `ALPR`/`ANPR`, `direction` for `camera:direction`, `5 m` for a height, `NE`, `90;270` or `80-100`
 * for directions, every entry and range width kept) and reports every tag it did not keep.
 *
 * Choices, so that exports and imports agree:
 * - Events (drone, mobile_unit) are not OSM features: toOsmTags() returns null for them.
 *   toContrechampTags() writes every kind, events included, with `contrechamp:kind`, for our own
 *   files (OSM XML, KML, GPX extended data) that we must read back losslessly.
 * - Notes never go out as `description`: walkers write whatever they saw there, sometimes about
 *   people. Reading goes the other way: an OSM `description` becomes the notes of an import.
 * - certainty goes out as `contrechamp:certainty`.
 * - A kind recognised only by its own detail tag (face_recognition, hostile_design,
 *   footfall_sensor) writes that tag as `yes` when the detail is empty, so the kind survives.
 * - Non-integer numbers are written with at most two decimals (centimetres are plenty).
 */
import { formatDirections, parseDirections, type Direction } from './direction.ts';
import { detailsSchema, LIMITS, type Details, type Observation } from './observation.ts';
import { CERTAINTIES, FIELDS, KINDS, KIND_META, isEventKind, type Certainty, type FieldName, type Kind } from './taxonomy.ts';

export type OsmTags = Record<string, string>;

/** The tag key that carries each detail field. */
export const FIELD_TAGS: Record<FieldName, string> = {
  cameraType: 'camera:type',
  mount: 'camera:mount',
  direction: 'camera:direction',
  angle: 'camera:angle',
  height: 'height',
  surveillance: 'surveillance',
  zone: 'surveillance:zone',
  operator: 'operator',
  manufacturer: 'manufacturer',
  purpose: 'contrechamp:purpose',
  analytics: 'contrechamp:analytics',
  evidence: 'contrechamp:evidence',
  structure: 'man_made',
  fiveG: 'contrechamp:5g',
  audienceMeasurement: 'contrechamp:audience_measurement',
  hostileDesign: 'contrechamp:hostile_design',
  tracking: 'contrechamp:tracking',
  signage: 'contrechamp:signage',
  unitType: 'contrechamp:unit_type',
  context: 'contrechamp:context',
  start: 'contrechamp:start',
  end: 'contrechamp:end',
};

/** Other keys mappers use for a field, read when the main key is absent. */
const FIELD_ALIASES: Partial<Record<FieldName, readonly string[]>> = {
  direction: ['direction'],
};

export const KIND_KEY = 'contrechamp:kind';
export const CERTAINTY_KEY = 'contrechamp:certainty';
const NOTES_KEY = 'description';

/** Tags every observation of a kind carries, whatever its details. */
const KIND_TAGS: Record<Kind, OsmTags> = {
  camera: { man_made: 'surveillance', 'surveillance:type': 'camera' },
  alpr: { man_made: 'surveillance', 'surveillance:type': 'ALPR', 'surveillance:zone': 'traffic' },
  face_recognition: { man_made: 'surveillance', 'surveillance:type': 'camera' },
  sound_sensor: { man_made: 'surveillance', 'surveillance:type': 'gunshot_detector', 'contrechamp:sensor': 'sound' },
  // man_made (mast/tower) comes from the structure detail.
  antenna: { 'tower:type': 'communication', 'communication:mobile_phone': 'yes' },
  ad_screen: { advertising: 'screen' },
  hostile_design: {},
  footfall_sensor: {},
  guard: { man_made: 'surveillance', 'surveillance:type': 'guard' },
  drone: {},
  mobile_unit: {},
};

/** Kinds that only their own detail tag identifies: the tag is written as `yes` when empty. */
const MARKER_FIELDS: Partial<Record<Kind, FieldName>> = {
  face_recognition: 'analytics',
  hostile_design: 'hostileDesign',
  footfall_sensor: 'tracking',
};

type DetailValue = string | number | Direction[];

function writeValue(value: DetailValue): string {
  if (Array.isArray(value)) return formatDirections(value);
  if (typeof value === 'number') return String(Number.isInteger(value) ? value : Math.round(value * 100) / 100);
  return value;
}

/**
 * One tag a kind writes, in output order: the kind's own value (`constant`), a detail field's value
 * when the observation has it (`field`, winning over the constant), or the certainty.
 */
interface TagSlot {
  key: string;
  constant?: string;
  field?: FieldName;
  certainty?: true;
}

/** The kind's tags, then its marker, then its fields, then the certainty; a key met again keeps its first place. */
function tagSlots(kind: Kind): TagSlot[] {
  const slots: TagSlot[] = Object.entries(KIND_TAGS[kind]).map(([key, constant]) => ({ key, constant }));
  const slot = (key: string): TagSlot => {
    let found = slots.find((s) => s.key === key);
    if (!found) slots.push((found = { key }));
    return found;
  };
  const marker = MARKER_FIELDS[kind];
  if (marker) slot(FIELD_TAGS[marker]).constant = 'yes';
  for (const field of KIND_META[kind].fields) slot(FIELD_TAGS[field]).field = field;
  slot(CERTAINTY_KEY).certainty = true;
  return slots;
}

const TAG_SLOTS = {} as Record<Kind, readonly TagSlot[]>;
for (const kind of KINDS) TAG_SLOTS[kind] = tagSlots(kind);

type Taggable = Pick<Observation, 'kind' | 'details' | 'certainty'>;

/** Calls `visit` for each tag of `obs` in output order, any kind; no object is made (exports write 100,000 of these). */
function visitTags(obs: Taggable, visit: (key: string, value: string) => void): void {
  for (const slot of TAG_SLOTS[obs.kind]) {
    const detail = slot.field === undefined ? undefined : obs.details[slot.field];
    const value = slot.certainty ? obs.certainty : detail !== undefined ? writeValue(detail) : slot.constant;
    if (value !== undefined) visit(slot.key, value);
  }
}

/**
 * Calls `visit(key, value)` for each tag toOsmTags() gives, in its order, without making the object;
 * nothing for an event kind.
 */
export function forEachOsmTag(obs: Taggable, visit: (key: string, value: string) => void): void {
  if (!isEventKind(obs.kind)) visitTags(obs, visit);
}

/**
 * OSM tags for a fixed device (what could be uploaded to OSM), or null for an event kind, which
 * OSM has no feature for. Notes are left out on purpose (see the top of this file).
 */
export function toOsmTags(obs: Taggable): OsmTags | null {
  if (isEventKind(obs.kind)) return null;
  const tags: OsmTags = {};
  visitTags(obs, (key, value) => (tags[key] = value));
  return tags;
}

/** Tags for our own files: every kind, events included, with `contrechamp:kind` so nothing is guessed. */
export function toContrechampTags(obs: Taggable): OsmTags {
  const tags: OsmTags = { [KIND_KEY]: obs.kind };
  visitTags(obs, (key, value) => (tags[key] = value));
  return tags;
}

export interface IgnoredTag {
  key: string;
  value: string;
  /**
   * `unknown`: no field of ours carries this key; `invalid`: the key is ours but the value is
   * unreadable (a direction is read whole or not at all).
   */
  reason: 'unknown' | 'invalid';
}

export interface OsmReading {
  kind: Kind;
  details: Details;
  certainty?: Certainty;
  /** From `description`, when the feature has one. */
  notes?: string;
  ignored: IgnoredTag[];
}

const lower = (tags: Readonly<OsmTags>, key: string): string | undefined => tags[key]?.trim().toLowerCase();

/** Which kind a set of tags describes, or null when it is not something we map. */
export function kindOfTags(tags: Readonly<OsmTags>): Kind | null {
  const declared = lower(tags, KIND_KEY);
  if (declared && (KINDS as readonly string[]).includes(declared)) return declared as Kind;

  const type = lower(tags, 'surveillance:type');
  const isSurveillance = lower(tags, 'man_made') === 'surveillance' || type !== undefined;
  const hasAnalytics = tags['contrechamp:analytics'] !== undefined;
  if (type === 'alpr' || type === 'anpr') return 'alpr';
  if (type === 'guard') return 'guard';
  if (type === 'gunshot_detector' || lower(tags, 'contrechamp:sensor') === 'sound') return 'sound_sensor';
  if (isSurveillance && type !== undefined && type !== 'camera') return null;
  if (hasAnalytics) return 'face_recognition';
  if (isSurveillance) return 'camera';
  if (lower(tags, 'advertising') === 'screen' || tags['contrechamp:audience_measurement'] !== undefined) return 'ad_screen';
  if (
    lower(tags, 'communication:mobile_phone') === 'yes' ||
    lower(tags, 'tower:type') === 'communication' ||
    tags['contrechamp:5g'] !== undefined
  ) {
    return 'antenna';
  }
  if (tags['contrechamp:hostile_design'] !== undefined) return 'hostile_design';
  if (tags['contrechamp:tracking'] !== undefined) return 'footfall_sensor';
  return null;
}

/** Reads one tag value into a field value, or undefined when it cannot be one. */
function readField(field: FieldName, raw: string): DetailValue | undefined {
  const spec = FIELDS[field];
  const text = raw.trim();
  let candidate: unknown;
  switch (spec.type) {
    case 'choice':
      candidate = text.toLowerCase();
      break;
    case 'text':
    case 'datetime':
      candidate = text;
      break;
    case 'directions':
      candidate = parseDirections(text) ?? undefined;
      break;
    case 'number': {
      // Mappers write `5`, `5 m`, `5.5m`, `30°`; a unit of another kind (feet) is not read.
      const m = /^(-?\d+(?:\.\d+)?)\s*(\S*)$/.exec(text);
      const unit = m?.[2] ?? '';
      if (!m || (unit !== '' && unit !== ('unit' in spec ? spec.unit : ''))) break;
      const n = Number.parseFloat(m[1] as string);
      candidate = 'integer' in spec && spec.integer ? Math.round(n) : n;
      break;
    }
  }
  const parsed = detailsSchema.shape[field].safeParse(candidate);
  return parsed.success ? (parsed.data as DetailValue) : undefined;
}

/**
 * Reads the tags of an OSM feature (or of our own files): its kind, the details we keep, and every
 * tag we did not keep. Returns null when the tags describe nothing of our taxonomy.
 */
export function fromOsmTags(tags: Readonly<OsmTags>): OsmReading | null {
  const kind = kindOfTags(tags);
  if (!kind) return null;
  const used = new Set<string>();
  const invalid = new Set<string>();
  const details: Details = {};

  if (lower(tags, KIND_KEY) === kind) used.add(KIND_KEY);
  else if (tags[KIND_KEY] !== undefined) invalid.add(KIND_KEY);
  // `ANPR` is another name for the ALPR we write.
  if (kind === 'alpr' && lower(tags, 'surveillance:type') === 'anpr') used.add('surveillance:type');
  for (const [key, value] of Object.entries(KIND_TAGS[kind])) {
    if (tags[key] === undefined || used.has(key)) continue;
    if (lower(tags, key) === value.toLowerCase()) used.add(key);
    else invalid.add(key);
  }

  const marker = MARKER_FIELDS[kind];
  for (const field of KIND_META[kind].fields) {
    const key = [FIELD_TAGS[field], ...(FIELD_ALIASES[field] ?? [])].find((k) => tags[k] !== undefined);
    if (key === undefined) continue;
    const raw = tags[key] as string;
    const value = readField(field, raw);
    if (value !== undefined) {
      (details as Record<string, DetailValue>)[field] = value;
      used.add(key);
    } else if (field === marker && raw.trim().toLowerCase() === 'yes') {
      used.add(key);
    } else {
      invalid.add(key);
    }
  }

  const reading: OsmReading = { kind, details, ignored: [] };
  const certainty = lower(tags, CERTAINTY_KEY);
  if (certainty !== undefined) {
    if ((CERTAINTIES as readonly string[]).includes(certainty)) {
      reading.certainty = certainty as Certainty;
      used.add(CERTAINTY_KEY);
    } else {
      invalid.add(CERTAINTY_KEY);
    }
  }
  const description = tags[NOTES_KEY]?.trim();
  if (description) {
    reading.notes = description.slice(0, LIMITS.notes);
    used.add(NOTES_KEY);
  }

  for (const [key, value] of Object.entries(tags)) {
    if (used.has(key)) continue;
    reading.ignored.push({ key, value, reason: invalid.has(key) ? 'invalid' : 'unknown' });
  }
  return reading;
}
