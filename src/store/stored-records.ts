/**
 * Records read back from IndexedDB are outside input like any other: a record written by an older
 * release, a half-migrated one or one edited by hand may fail today's observation schema. Every read
 * of observations goes through here, so that a damaged record is set aside with its key and one
 * wording of the reason (`path: message; …`, as the user sees it in the list), never thrown at a
 * list or sent to the server.
 */
import { observationSchema, type Observation } from '../core/observation.ts';

/** A stored record that fails the schema: its key (the record's `id`, as text) and why. */
export interface DamagedRecord {
  key: string;
  reason: string;
}

/** A record read by the observation schema: the parsed observation, or why it fails (`path: message; …`). */
export function readRecord(record: unknown): { observation: Observation; reason: null } | { observation: null; reason: string } {
  const parsed = observationSchema.safeParse(record);
  if (parsed.success) return { observation: parsed.data as Observation, reason: null };
  return { observation: null, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ') };
}

/** Why a record fails the observation schema, or null when it is valid. */
export function damageOf(record: unknown): string | null {
  return readRecord(record).reason;
}

/** The key a damaged record is shown and discarded by. */
export function recordKey(record: unknown): string {
  return String((record as { id?: unknown } | null | undefined)?.id);
}

/**
 * Sorts records read from a store into valid observations (stored as they are, in the order given)
 * and damaged ones set aside.
 */
export function setAsideDamaged(records: Iterable<unknown>): { observations: Observation[]; damaged: DamagedRecord[] } {
  const observations: Observation[] = [];
  const damaged: DamagedRecord[] = [];
  for (const record of records) {
    const reason = damageOf(record);
    if (reason === null) observations.push(record as Observation);
    else damaged.push({ key: recordKey(record), reason });
  }
  return { observations, damaged };
}
