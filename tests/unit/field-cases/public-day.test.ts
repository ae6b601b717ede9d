/**
 * Case 13: the public day of a fixed device is the Brussels day of its instant, for any RFC 3339
 * offset (+05:30 too), across the DST switches, whichever instant the process saw first.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFieldCase } from './field-case-files.ts';

const CASE = '13-public-day-dst';

/** The [instant, right Brussels day] pairs the case's script pushes. */
function pairsOf(script: string): [string, string][] {
  return [...script.matchAll(/\['(\d{4}-\d{2}-\d{2}T[^']+)', '(\d{4}-\d{2}-\d{2})'\]/g)].map((m) => [m[1]!, m[2]!]);
}

/** The Brussels wall clock of an instant, `YYYY-MM-DD HH:mm`, by Intl alone. */
const wallClock = (iso: string): string => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso));
  const v = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${v('year')}-${v('month')}-${v('day')} ${v('hour')}:${v('minute')}`;
};

describe('field case 13: the Brussels day for every offset', () => {
  for (const order of ['as written', 'reversed'] as const) {
    it(`gives each instant its Brussels day and midnight, seen ${order} in a fresh process`, async (ctx) => {
      const pairs = pairsOf(readFieldCase(ctx, CASE, 'dst-days.mjs'));
      expect(pairs.length).toBeGreaterThanOrEqual(10);
      vi.resetModules();
      const { brusselsDay, brusselsMidnight } = await import('../../../src/core/public-time.ts');
      for (const [iso, day] of order === 'reversed' ? [...pairs].reverse() : pairs) {
        expect(brusselsDay(iso), iso).toBe(day);
        const midnight = brusselsMidnight(iso);
        expect(midnight, iso).toMatch(new RegExp(`^${day}T00:00:00[+-]\\d\\d:\\d\\d$`));
        expect(wallClock(midnight), iso).toBe(`${day} 00:00`);
      }
    });
  }

  it('the case’s +05:30 pair: 23:40 on the 14th and 00:20 on the 15th in Brussels', async () => {
    vi.resetModules();
    const { brusselsDay, brusselsMidnight } = await import('../../../src/core/public-time.ts');
    expect(brusselsDay('2024-06-15T03:10:00+05:30')).toBe('2024-06-14');
    expect(brusselsMidnight('2024-06-15T03:50:00+05:30')).toBe('2024-06-15T00:00:00+02:00');
    expect(brusselsDay('2024-06-15T03:10:00+05:30')).toBe('2024-06-14');
    // Other half-hour and quarter-hour offsets of the same family.
    expect(brusselsDay('2024-06-14T20:15:00-03:30')).toBe('2024-06-15'); // 23:45Z = 01:45 CEST
    expect(brusselsDay('2024-06-15T04:00:00+05:45')).toBe('2024-06-15'); // 22:15Z = 00:15 CEST
    expect(() => brusselsDay('yesterday')).toThrow(RangeError);
  });
});
