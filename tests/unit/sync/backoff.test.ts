import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, RETRY_AFTER_MAX_MS, backoffCeiling, backoffDelay, parseRetryAfter, retryDelay } from '../../../src/sync/backoff.ts';

describe('full-jitter backoff', () => {
  it('doubles the ceiling per failure from 1 s and caps it at 5 minutes', () => {
    expect([0, 1, 2, 3, 8].map((n) => backoffCeiling(n))).toEqual([1000, 2000, 4000, 8000, 256_000]);
    expect(backoffCeiling(9)).toBe(BACKOFF_CAP_MS);
    expect(backoffCeiling(10_000)).toBe(BACKOFF_CAP_MS);
  });

  it('is uniform between 0 and the ceiling: the random draw scales it', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(3, () => 0.999999)).toBe(7999);
  });

  it('never exceeds 5 minutes nor goes below 0, whatever the attempt and the draw', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, () => r);
        return d >= 0 && d < BACKOFF_CAP_MS && Number.isInteger(d);
      }),
    );
  });

  it('refuses a negative attempt and a draw outside [0, 1)', () => {
    expect(() => backoffCeiling(-1)).toThrow(RangeError);
    expect(() => backoffDelay(0, () => 1)).toThrow(RangeError);
  });
});

describe('Retry-After', () => {
  const now = new Date('2026-11-28T12:00:00Z');

  it('reads delta-seconds and HTTP dates, ignores the unreadable', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('999999999', now)).toBe(RETRY_AFTER_MAX_MS);
  });

  it('is a floor under the jitter: the client never comes back earlier than asked', () => {
    expect(retryDelay(0, 30_000, () => 0.5)).toBe(30_000);
    expect(retryDelay(5, 1000, () => 0.5)).toBe(16_000);
    expect(retryDelay(5, null, () => 0.5)).toBe(16_000);
    fc.assert(
      fc.property(fc.nat({ max: 50 }), fc.nat({ max: 10_000_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, after, r) => {
        const d = retryDelay(attempt, after, () => r);
        return d >= Math.min(after, RETRY_AFTER_MAX_MS) && d <= Math.max(BACKOFF_CAP_MS, RETRY_AFTER_MAX_MS);
      }),
    );
  });
});
