/**
 * When to try again after a failed sync: full-jitter exponential backoff (a random delay between 0
 * and base·2^attempt, capped at 5 minutes), so a hundred phones coming back online together do not
 * hit the server in step; a server's `Retry-After` is a floor the client always honours.
 */

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;
/** A Retry-After beyond this is treated as this: a misconfigured server must not park a phone for days. */
export const RETRY_AFTER_MAX_MS = 60 * 60 * 1000;

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
}

/** The ceiling of the jitter for the n-th consecutive failure (attempt 0 = the first failure). */
export function backoffCeiling(attempt: number, { baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS }: BackoffOptions = {}): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt: expected a non-negative integer, got ${attempt}`);
  // 2^attempt overflows to Infinity for large attempts; min() then caps it.
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt, 60));
}

/** Full jitter: uniform in [0, ceiling). `random` returns [0, 1) like Math.random. */
export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random: expected a number in [0, 1), got ${r}`);
  return Math.floor(r * backoffCeiling(attempt, options));
}

/**
 * Reads a `Retry-After` header (delta-seconds or an HTTP date) as milliseconds from `now`;
 * null when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | null | undefined, now: Date = new Date()): number | null {
  if (header == null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, RETRY_AFTER_MAX_MS);
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now.getTime()), RETRY_AFTER_MAX_MS);
}

/** The wait before the next try: the jittered backoff, but never less than what the server asked. */
export function retryDelay(attempt: number, retryAfterMs: number | null, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const jitter = backoffDelay(attempt, random, options);
  return retryAfterMs === null ? jitter : Math.max(jitter, Math.min(retryAfterMs, RETRY_AFTER_MAX_MS));
}
