import { describe, expect, it } from 'vitest';
import { brusselsDay, brusselsMidnight } from '../../../src/server/public-observation.ts';

describe('the day of an observation in Brussels', () => {
  it.each([
    ['2026-11-28T22:37:12.345Z', '2026-11-28', '2026-11-28T00:00:00+01:00'], // 23:37 CET
    ['2026-11-28T23:10:00Z', '2026-11-29', '2026-11-29T00:00:00+01:00'], // 00:10 the next day
    ['2026-07-14T22:30:00Z', '2026-07-15', '2026-07-15T00:00:00+02:00'], // 00:30 CEST
    ['2026-07-15T00:30:00+02:00', '2026-07-15', '2026-07-15T00:00:00+02:00'],
    ['2026-03-29T00:59:59Z', '2026-03-29', '2026-03-29T00:00:00+01:00'], // the night clocks go forward
    ['2026-10-25T00:30:00Z', '2026-10-25', '2026-10-25T00:00:00+02:00'], // the night clocks go back
    ['2026-05-01T14:32:10.123-04:00', '2026-05-01', '2026-05-01T00:00:00+02:00'], // 20:32 in Brussels
  ])('%s is the Brussels day %s', (iso, day, midnight) => {
    expect(brusselsDay(iso)).toBe(day);
    expect(brusselsMidnight(iso)).toBe(midnight);
  });
});
