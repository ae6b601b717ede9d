/**
 * The logging form as plain data: raw input strings per field, turned into an Observation through
 * the core factory (so the schema validates it), with schema issues mapped to message keys placed
 * next to the field they concern. No UI here, so the rules are tested without a browser.
 */
import type { z } from '../../core/zod.ts';
import { formatDirections, type Direction } from '../../core/direction.ts';
import { newObservation, reviseObservation } from '../../core/observation-factory.ts';
import { LIMITS, type Details, type Observation, type Position } from '../../core/observation.ts';
import { validationMessages } from '../../core/validation-messages.ts';
import { FIELDS, KIND_META, type Certainty, type FieldName, type Kind } from '../../core/taxonomy.ts';
import type { MessageKey, MessageParams } from '../i18n/catalogues.ts';
import { directionEntries, entryDirection } from './direction-entries.ts';

export interface FormValues {
  kind: Kind;
  position: Position | null;
  /**
   * What the inputs hold, as typed; parsed only on save (and for drafts). Directions are one text
   * in OSM form, an entry per input joined with `;` (direction-entries.ts).
   */
  details: Partial<Record<FieldName, string>>;
  certainty: Certainty;
  notes: string;
  /** Hashes of the photos attached (stored already, or waiting in the form). */
  photos: string[];
  /** "It changed": the id of the device this new observation takes the place of. */
  supersedes?: string;
}

export interface FieldError {
  key: MessageKey;
  params?: MessageParams;
}

/** Keyed by 'position', 'notes', 'photos', 'certainty' or 'details.<field>'. */
export type FormErrors = Partial<Record<string, FieldError>>;

export type BuildResult = { ok: true; observation: Observation } | { ok: false; errors: FormErrors };

export function emptyForm(kind: Kind, position: Position | null = null): FormValues {
  return { kind, position, details: {}, certainty: 'seen', notes: '', photos: [] };
}

/**
 * The form once a GPS fix arrives: the fix fills an empty position and follows an earlier fix, but
 * never moves a pin the walker placed unless the walker asked for the fix. Unchanged: `values` itself.
 */
export function withGpsFix(values: FormValues, fix: Position, asked: boolean): FormValues {
  if (asked || !values.position || values.position.source === 'gps') return { ...values, position: fix };
  return values;
}

/** datetime-local inputs speak local wall time without a zone; the model keeps ISO instants. */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Stored detail values as the inputs show them. */
export function detailsToInputs(stored: Details): Partial<Record<FieldName, string>> {
  const details: Partial<Record<FieldName, string>> = {};
  for (const [name, value] of Object.entries(stored) as [FieldName, Details[FieldName]][]) {
    if (value === undefined || !(name in FIELDS)) continue;
    if (Array.isArray(value)) details[name] = formatDirections(value);
    else details[name] = FIELDS[name].type === 'datetime' ? isoToLocalInput(String(value)) : String(value);
  }
  return details;
}

export function formFromObservation(obs: Observation): FormValues {
  return {
    kind: obs.kind,
    position: obs.position,
    details: detailsToInputs(obs.details),
    certainty: obs.certainty,
    notes: obs.notes,
    photos: [...obs.photos],
  };
}

/**
 * The directions typed, empty inputs left out. A typed number outside 0–359 is refused rather than
 * turned round (400 is no slip of 40); an entry that is no direction is refused.
 */
function parseDirectionEntries(text: string): { list: Direction[] } | { error: FieldError } {
  const list: Direction[] = [];
  for (const entry of directionEntries(text)) {
    if (entry.trim() === '') continue;
    const n = Number(entry.trim().replace(',', '.'));
    if (n < 0) return { error: { key: 'field.tooSmall', params: { min: 0 } } };
    if (n >= 360) return { error: { key: 'field.tooLarge', params: { max: 359 } } };
    const d = entryDirection(entry);
    if (!d) return { error: { key: 'validation.direction' } };
    list.push(d);
  }
  return { list };
}

/** Parses the raw inputs of the kind's fields; fields of other kinds are ignored. */
export function parseDetails(kind: Kind, raw: FormValues['details']): { details: Details; errors: FormErrors } {
  const details: Record<string, Details[FieldName]> = {};
  const errors: FormErrors = {};
  for (const name of KIND_META[kind].fields) {
    const text = raw[name]?.trim() ?? '';
    if (text === '') continue;
    const spec = FIELDS[name];
    if (spec.type === 'number') {
      // Accept a decimal comma: a French or Dutch keyboard may type one.
      const n = Number(text.replace(',', '.'));
      if (!Number.isFinite(n)) errors[`details.${name}`] = { key: 'validation.number' };
      else details[name] = n;
    } else if (spec.type === 'directions') {
      const read = parseDirectionEntries(text);
      if ('error' in read) errors[`details.${name}`] = read.error;
      else if (read.list.length > 0) details[name] = read.list;
    } else if (spec.type === 'datetime') {
      const d = new Date(text);
      if (Number.isNaN(d.getTime())) errors[`details.${name}`] = { key: 'validation.date' };
      else details[name] = d.toISOString();
    } else {
      details[name] = text;
    }
  }
  return { details: details as Details, errors };
}

/** Where a message is shown: position issues sit with the position block, details with their field. */
function slotFor(path: string): string {
  const [head, second] = path.split('.');
  if (head === 'details' && second) return `details.${second}`;
  if (head === 'position') return 'position';
  return head || 'form';
}

export function errorsFromZod(error: z.core.$ZodError, input: unknown): FormErrors {
  const errors: FormErrors = {};
  for (const m of validationMessages(error, input)) {
    errors[slotFor(m.path)] ??= { key: m.key, params: m.params };
  }
  return errors;
}

function isZodError(e: unknown): e is z.core.$ZodError {
  return typeof e === 'object' && e !== null && Array.isArray((e as { issues?: unknown }).issues);
}

/**
 * The observation the form describes: a new one, or a new version of `previous`. Every problem
 * found is returned at once so the walker fixes them in one pass.
 */
export function buildObservation(values: FormValues, previous?: Observation, now: Date = new Date()): BuildResult {
  const { details, errors } = parseDetails(values.kind, values.details);
  if (!values.position) errors.position = { key: 'validation.position' };
  if (values.notes.length > LIMITS.notes) errors.notes = { key: 'field.tooLong', params: { max: LIMITS.notes } };
  // Run the schema even when parsing found problems, so range errors show up at the same time.
  const position: Position = values.position ?? { lon: 0, lat: 0, accuracy: null, source: 'manual' };
  const input = {
    kind: values.kind,
    position,
    details,
    certainty: values.certainty,
    notes: values.notes,
    photos: values.photos,
    ...(values.supersedes && !previous ? { supersedes: values.supersedes } : {}),
  };
  try {
    const observation = previous ? reviseObservation(previous, input, now) : newObservation(input, now);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return { ok: true, observation };
  } catch (e) {
    if (!isZodError(e)) throw e;
    return { ok: false, errors: { ...errorsFromZod(e, input), ...errors } };
  }
}

/** The detail values worth keeping in a draft: whatever already parses. */
export function draftDetails(values: FormValues): Details {
  return parseDetails(values.kind, values.details).details;
}
