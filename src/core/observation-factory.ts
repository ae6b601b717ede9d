/**
 * Making and changing observations. Every function is pure (the clock is a parameter) and returns a
 * value that observationSchema has accepted, so nothing invalid reaches the store or the wire.
 * They throw the schema's error (a `$ZodError` with its `issues`) on bad input; validation-messages.ts
 * turns it into message keys.
 */
import { newId } from './ids.ts';
import { observationSchema, type Details, type Observation, type Position } from './observation.ts';
import { KIND_META, type Certainty, type Kind } from './taxonomy.ts';

export interface NewObservationInput {
  kind: Kind;
  position: Position;
  details?: Details;
  notes?: string;
  photos?: string[];
  certainty?: Certainty;
  /** Defaults to `now`: the walker logs what they see as they see it. */
  observedAt?: string;
  walkId?: string;
  /** "It changed": the device this one takes the place of (observation.ts). */
  supersedes?: string;
  /** Only for importers that keep an existing id; the app lets newId() choose. */
  id?: string;
}

/** The fields an edit may change; identity, version and timestamps are the factory's business. */
export type ObservationChanges = Partial<
  Pick<Observation, 'kind' | 'position' | 'details' | 'notes' | 'photos' | 'certainty' | 'observedAt' | 'walkId'>
>;

function validated(candidate: Observation): Observation {
  return observationSchema.parse(candidate) as Observation;
}

/** Drops undefined entries, so records hold only the fields a walker filled in. */
function compactDetails(details: Details): Details {
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) as Details;
}

/** Keeps only the detail fields that the kind shows (used when an edit changes the kind). */
export function detailsForKind(kind: Kind, details: Details): Details {
  const allowed: readonly string[] = KIND_META[kind].fields;
  return Object.fromEntries(
    Object.entries(details).filter(([k, v]) => allowed.includes(k) && v !== undefined),
  ) as Details;
}

export function newObservation(input: NewObservationInput, now: Date = new Date()): Observation {
  const stamp = now.toISOString();
  const obs: Observation = {
    id: input.id ?? newId(),
    kind: input.kind,
    position: input.position,
    observedAt: input.observedAt ?? stamp,
    createdAt: stamp,
    updatedAt: stamp,
    version: 1,
    certainty: input.certainty ?? 'seen',
    notes: input.notes ?? '',
    photos: input.photos ?? [],
    details: compactDetails(input.details ?? {}),
  };
  if (input.walkId !== undefined) obs.walkId = input.walkId;
  if (input.supersedes !== undefined) obs.supersedes = input.supersedes;
  return validated(obs);
}

/**
 * A new version of `prev` with `changes` applied. When the kind changes, details that the new kind
 * does not show are dropped rather than rejected. `deleted` is left as it was (see restore()).
 */
export function reviseObservation(prev: Observation, changes: ObservationChanges, now: Date = new Date()): Observation {
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ObservationChanges;
  const next: Observation = { ...prev, ...defined, version: prev.version + 1, updatedAt: now.toISOString() };
  next.details = changes.kind !== undefined ? detailsForKind(next.kind, next.details) : compactDetails(next.details);
  if ('walkId' in changes && changes.walkId === undefined) delete next.walkId;
  return validated(next);
}

/** A tombstone: deletes travel as a new version so every device and the server learn of them. */
export function tombstone(prev: Observation, now: Date = new Date()): Observation {
  return validated({ ...prev, deleted: true, version: prev.version + 1, updatedAt: now.toISOString() });
}

/** Undoes a tombstone with a further version (an undo is a change like any other). */
export function restore(prev: Observation, now: Date = new Date()): Observation {
  const { deleted: _deleted, ...rest } = prev;
  return validated({ ...rest, version: prev.version + 1, updatedAt: now.toISOString() });
}
