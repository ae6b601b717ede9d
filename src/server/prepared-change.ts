/**
 * A pushed change read and made ready to store: checked by the observation schema of core
 * (`readChange`), its columns picked out, its JSON text as stored, its public id (public-id.ts).
 * Pure work on the change alone, so the batch push does it in worker threads (batch-worker.ts)
 * while the main thread writes the changes before it; both stores take changes in this form.
 */
import { readChange, type InvalidResult } from '../core/wire.ts';
import type { PublicIdOf } from './public-id.ts';

/** A change that passed the schema: the columns the stores write. */
export interface PreparedChange {
  id: string;
  version: number;
  kind: string;
  /** 1 for a tombstone. */
  deleted: 0 | 1;
  /** WGS84 degrees. */
  lon: number;
  lat: number;
  /** The validated observation as JSON text, as stored. */
  body: string;
  publicId: string;
  baseVersion: number | null;
}

/** One change of a batch: ready to store, or the `invalid` result that answers it. */
export type PreparedItem = PreparedChange | InvalidResult;

export const isPrepared = (item: PreparedItem): item is PreparedChange => 'body' in item;

/** Reads one pushed change `{ ...observation, baseVersion }`; never throws (a bad one is its `invalid` result). */
export function prepareChange(item: unknown, publicId: PublicIdOf): PreparedItem {
  const read = readChange(item);
  if (!('observation' in read)) return read;
  const obs = read.observation;
  return {
    id: obs.id,
    version: obs.version,
    kind: obs.kind,
    deleted: obs.deleted ? 1 : 0,
    lon: obs.position.lon,
    lat: obs.position.lat,
    body: JSON.stringify(obs),
    publicId: publicId(obs.id),
    baseVersion: read.baseVersion,
  };
}

/** `prepareChange` of each change, in order. */
export function prepareChanges(changes: readonly unknown[], publicId: PublicIdOf): PreparedItem[] {
  return changes.map((c) => prepareChange(c, publicId));
}
