/**
 * The pure steps around a push (shapes and limits in core/wire.ts): building a batch from outbox
 * items, and sorting the server's per-item answers into what the store must do with each.
 */
import type { Observation } from '../core/observation.ts';
import { ITEM_STATUSES, MAX_BATCH_BYTES, MAX_BATCH_CHANGES, batchAnswerSchema, type Change, type ItemResult } from '../core/wire.ts';
import type { Acknowledgement, OutboxItem } from '../store/outbox.ts';

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
  max: number = MAX_BATCH_CHANGES,
  maxBytes: number = MAX_BATCH_BYTES,
): { items: OutboxItem[]; changes: Change[] } {
  if (!Number.isInteger(max) || max < 1 || max > MAX_BATCH_CHANGES) throw new RangeError(`max: expected 1–${MAX_BATCH_CHANGES}, got ${max}`);
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
  /** Stale: the server keeps its copy (validated by the store when it keeps it). */
  /** `survivor`: the observation was merged into that device and takes no more edits. */
  conflicts: { item: OutboxItem; server: unknown; survivor?: string }[];
  /** Refused: the reason goes to the outbox entry and the status line. */
  invalid: { item: OutboxItem; reason: string }[];
}

/**
 * Pairs each sent item with its answer (the server answers in order, one per change). Throws a
 * developer error when the answer does not match the batch: acknowledging the wrong observation
 * would lose it.
 */
export function sortAnswer(sent: readonly OutboxItem[], answer: unknown): SortedAnswer {
  const results = readResults(answer);
  if (results.length !== sent.length) throw new TypeError(`batch answer: expected ${sent.length} results, got ${results.length}`);
  const sorted: SortedAnswer = { accepted: [], conflicts: [], invalid: [] };
  sent.forEach((item, i) => {
    const r = results[i]!;
    const id = item.observation.id;
    if (r.status !== 'invalid' && r.id !== id) {
      throw new TypeError(`batch answer ${i}: expected id ${id}, got ${JSON.stringify(r.id)}`);
    }
    switch (r.status) {
      case 'conflict':
        sorted.conflicts.push({ item, server: r.server, ...(r.survivor ? { survivor: r.survivor } : {}) });
        break;
      case 'invalid':
        sorted.invalid.push({ item, reason: r.reason });
        break;
      default:
        sorted.accepted.push({ item, ack: { id, version: item.entry.version, serverVersion: r.version } });
    }
  });
  return sorted;
}

/** The results of a batch answer, validated by the wire schema; a TypeError says what did not fit. */
function readResults(answer: unknown): ItemResult[] {
  const parsed = batchAnswerSchema.safeParse(answer);
  if (parsed.success) return parsed.data.results;
  const issue = parsed.error.issues[0]!;
  const [, index] = issue.path;
  if (typeof index !== 'number') throw new TypeError(`batch answer: expected { results: [ … ] }, got ${JSON.stringify(answer)?.slice(0, 200)}`);
  const status = ((answer as { results: { status?: unknown }[] }).results[index] ?? {}).status;
  if (!(ITEM_STATUSES as readonly unknown[]).includes(status)) throw new TypeError(`batch answer ${index}: unknown status ${JSON.stringify(status)}`);
  throw new TypeError(`batch answer ${index}: ${issue.path.slice(2).join('.') || 'result'}: ${issue.message}`);
}

/** The photos to upload after an accepted observation: none for a tombstone. */
export function photosToSend(obs: Observation): string[] {
  return obs.deleted ? [] : [...new Set(obs.photos ?? [])];
}
