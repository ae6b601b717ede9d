/**
 * The wire format of the sync protocol v1 (DESIGN.md, src/server/api-routes.ts) as the client sees
 * it, and the pure steps around a push: building a batch from outbox items and sorting the
 * server's per-item answers into what the store must do with each.
 */
import type { Observation } from '../core/observation.ts';
import type { Acknowledgement, OutboxItem } from '../store/outbox.ts';

/** The server refuses more per batch (too_many_changes). */
export const MAX_BATCH = 500;
/** The server refuses a body over 1 MiB; a batch stops short of it (500 long notes would not fit). */
export const MAX_BATCH_BYTES = 900 * 1024;

/** One change as pushed: the observation as it is now, and the version the server last acknowledged. */
export type Change = Observation & { baseVersion: number | null };

export type ItemResult =
  | { id: string; status: 'created' | 'updated' | 'unchanged'; version: number }
  | { id: string; status: 'conflict'; version: number; server: Observation }
  | { id: string | null; status: 'invalid'; reason: string };

export interface BatchAnswer {
  results: ItemResult[];
}

export interface PulledPageWire {
  changes: unknown[];
  next: string;
  more: boolean;
}

/** What the server says when it refuses a request: `{ error: { code, message } }`. */
export interface ErrorBodyWire {
  error: { code: string; message: string };
}

/** Marks an outbox entry the server refused as invalid; such entries wait for a new edit. */
export const INVALID_PREFIX = 'invalid: ';

export const isRefused = (lastError: string | undefined): boolean => lastError?.startsWith(INVALID_PREFIX) ?? false;

export function toChange(item: OutboxItem): Change {
  return { ...item.observation, baseVersion: item.entry.baseVersion };
}

/**
 * At most `max` changes and `maxBytes` of JSON, oldest first, skipping entries the server already
 * refused as they are. The first change always goes (one observation is far below the limit).
 */
export function buildBatch(
  items: readonly OutboxItem[],
  max: number = MAX_BATCH,
  maxBytes: number = MAX_BATCH_BYTES,
): { items: OutboxItem[]; changes: Change[] } {
  if (!Number.isInteger(max) || max < 1 || max > MAX_BATCH) throw new RangeError(`max: expected 1–${MAX_BATCH}, got ${max}`);
  const encoder = new TextEncoder();
  const chosen: OutboxItem[] = [];
  const changes: Change[] = [];
  let bytes = '{"changes":[]}'.length;
  for (const item of items) {
    if (chosen.length === max) break;
    if (isRefused(item.entry.lastError)) continue;
    const change = toChange(item);
    bytes += encoder.encode(JSON.stringify(change)).length + 1;
    if (bytes > maxBytes && chosen.length > 0) break;
    chosen.push(item);
    changes.push(change);
  }
  return { items: chosen, changes };
}

export interface SortedAnswer {
  /** Accepted (created, updated, unchanged): to acknowledge once their photos are up. */
  accepted: { item: OutboxItem; ack: Acknowledgement }[];
  /** Stale: the server keeps its copy. */
  conflicts: { item: OutboxItem; server: Observation }[];
  /** Refused: the reason goes to the outbox entry and the status line. */
  invalid: { item: OutboxItem; reason: string }[];
}

/**
 * Pairs each sent item with its answer (the server answers in order, one per change). Throws a
 * developer error when the answer does not match the batch: acknowledging the wrong observation
 * would lose it.
 */
export function sortAnswer(sent: readonly OutboxItem[], answer: unknown): SortedAnswer {
  const results = (answer as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || results.length !== sent.length) {
    throw new TypeError(`batch answer: expected ${sent.length} results, got ${Array.isArray(results) ? results.length : JSON.stringify(answer)?.slice(0, 200)}`);
  }
  const sorted: SortedAnswer = { accepted: [], conflicts: [], invalid: [] };
  sent.forEach((item, i) => {
    const r = results[i] as Partial<ItemResult> & { server?: Observation; reason?: unknown; version?: unknown };
    const id = item.observation.id;
    if (r.status !== 'invalid' && r.id !== id) {
      throw new TypeError(`batch answer ${i}: expected id ${id}, got ${JSON.stringify(r.id)}`);
    }
    switch (r.status) {
      case 'created':
      case 'updated':
      case 'unchanged':
        if (typeof r.version !== 'number') throw new TypeError(`batch answer ${i}: expected a version number, got ${JSON.stringify(r.version)}`);
        sorted.accepted.push({ item, ack: { id, version: item.entry.version, serverVersion: r.version } });
        break;
      case 'conflict':
        if (!r.server || typeof r.server !== 'object') throw new TypeError(`batch answer ${i}: conflict without the server copy`);
        sorted.conflicts.push({ item, server: r.server });
        break;
      case 'invalid':
        sorted.invalid.push({ item, reason: typeof r.reason === 'string' ? r.reason : 'refused by the server' });
        break;
      default:
        throw new TypeError(`batch answer ${i}: unknown status ${JSON.stringify(r.status)}`);
    }
  });
  return sorted;
}

/** The photos to upload after an accepted observation: none for a tombstone. */
export function photosToSend(obs: Observation): string[] {
  return obs.deleted ? [] : [...new Set(obs.photos ?? [])];
}
