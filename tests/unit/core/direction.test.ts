import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bearingOf,
  formatDirection,
  midArc,
  normaliseDegrees,
  parseBearing,
  parseDirection,
  type Direction,
} from '../../../src/core/direction.ts';

const POINTS: [string, number][] = [
  ['N', 0], ['NNE', 22.5], ['NE', 45], ['ENE', 67.5], ['E', 90], ['ESE', 112.5], ['SE', 135], ['SSE', 157.5],
  ['S', 180], ['SSW', 202.5], ['SW', 225], ['WSW', 247.5], ['W', 270], ['WNW', 292.5], ['NW', 315], ['NNW', 337.5],
];

/** Degrees with at most two decimals in [0, 360): what formatDirection writes exactly. */
const degrees = fc.integer({ min: 0, max: 35_999 }).map((n) => n / 100);
const direction: fc.Arbitrary<Direction> = fc.oneof(
  degrees.map((d) => ({ degrees: d })),
  fc.tuple(degrees, degrees).map(([from, to]) => ({ from, to })),
);
const pointName = fc.constantFrom(...POINTS.map(([p]) => p));
const randomCase = (s: string, flips: boolean[]): string =>
  [...s].map((c, i) => (flips[i % Math.max(1, flips.length)] ? c.toLowerCase() : c.toUpperCase())).join('');

describe('parseDirection: examples', () => {
  it.each([
    ['45', [{ degrees: 45 }]],
    ['0', [{ degrees: 0 }]],
    ['360', [{ degrees: 0 }]],
    ['-90', [{ degrees: 270 }]],
    ['725', [{ degrees: 5 }]],
    ['22.5', [{ degrees: 22.5 }]],
    ['45°', [{ degrees: 45 }]],
    ['NE', [{ degrees: 45 }]],
    ['ssw', [{ degrees: 202.5 }]],
    ['north', [{ degrees: 0 }]],
    ['SouthWest', [{ degrees: 225 }]],
    ['90-270', [{ from: 90, to: 270 }]],
    ['E-W', [{ from: 90, to: 270 }]],
    ['W-E', [{ from: 270, to: 90 }]],
    ['NE-180', [{ from: 45, to: 180 }]],
    ['-90-90', [{ from: 270, to: 90 }]],
    ['0;180', [{ degrees: 0 }, { degrees: 180 }]],
    [' 45 ; SW ; 90 - 180 ', [{ degrees: 45 }, { degrees: 225 }, { from: 90, to: 180 }]],
    ['45;', [{ degrees: 45 }]],
  ])('%j', (text, expected) => {
    expect(parseDirection(text)).toEqual(expected);
  });

  it.each(['', ' ', ';', 'up', 'NEE', 'NNNE', '45deg', '4 5x', '90-', '-', '90-270-360', '1e3', 'forward', '45,5', 'N;x'])(
    'rejects %j',
    (text) => {
      expect(parseDirection(text)).toBeNull();
    },
  );

  it('reads all 16 compass points', () => {
    for (const [name, deg] of POINTS) expect(parseDirection(name)).toEqual([{ degrees: deg }]);
  });

  it('reads hyphenated compass words as one bearing, not an arc', () => {
    expect(parseDirection('north-west')).toEqual([{ degrees: 315 }]);
    expect(parseDirection('South - East')).toEqual([{ degrees: 135 }]);
    expect(parseDirection('N-W')).toEqual([{ from: 0, to: 270 }]);
  });

  it('leaves two values side by side unread rather than merging them into one number', () => {
    for (const text of ['90 270', 'N SE', '90;1 80']) expect(parseDirection(text)).toBeNull();
    expect(parseDirection(' 90 ; 270 ')).toEqual([{ degrees: 90 }, { degrees: 270 }]);
  });
});

describe('parseDirection: properties', () => {
  it('any integer reads as itself modulo 360', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (n) => {
        expect(parseDirection(String(n))).toEqual([{ degrees: ((n % 360) + 360) % 360 }]);
      }),
    );
  });

  it('format then parse gives the same directions back', () => {
    fc.assert(
      fc.property(fc.array(direction, { minLength: 1, maxLength: 5 }), (dirs) => {
        expect(parseDirection(formatDirection(dirs))).toEqual(dirs);
      }),
    );
  });

  it('is case-insensitive for compass points and ranges of them', () => {
    fc.assert(
      fc.property(pointName, pointName, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (a, b, flips) => {
        expect(parseDirection(randomCase(a, flips))).toEqual(parseDirection(a));
        expect(parseDirection(randomCase(`${a}-${b}`, flips))).toEqual(parseDirection(`${a}-${b}`));
      }),
    );
  });

  it('ignores whitespace around values, hyphens and semicolons', () => {
    const space = fc.stringMatching(/^[ \t]{0,3}$/);
    fc.assert(
      fc.property(fc.array(direction, { minLength: 1, maxLength: 4 }), space, space, (dirs, s1, s2) => {
        const text = dirs
          .map((d) =>
            'degrees' in d ? `${s1}${formatDirection(d)}${s2}` : `${s1}${formatDirection(d.from)}${s2}-${s1}${formatDirection(d.to)}${s2}`,
          )
          .join(`${s2};${s1}`);
        expect(parseDirection(text)).toEqual(dirs);
      }),
    );
  });

  it('never throws and returns only degrees in [0, 360)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const dirs = parseDirection(text);
        if (dirs === null) return;
        for (const d of dirs) {
          for (const v of 'degrees' in d ? [d.degrees] : [d.from, d.to]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThan(360);
          }
        }
      }),
    );
  });
});

describe('formatDirection', () => {
  it('writes degrees, ranges and lists', () => {
    expect(formatDirection(45)).toBe('45');
    expect(formatDirection(-10)).toBe('350');
    expect(formatDirection(22.5)).toBe('22.5');
    expect(formatDirection(359.999)).toBe('0');
    expect(formatDirection({ from: 90, to: 270 })).toBe('90-270');
    expect(formatDirection([{ degrees: 0 }, { from: 270, to: 90 }])).toBe('0;270-90');
  });
});

describe('bearings', () => {
  it('a range stands for the middle of its clockwise arc', () => {
    expect(bearingOf({ from: 90, to: 270 })).toBe(180); // E-W passes south
    expect(bearingOf({ from: 270, to: 90 })).toBe(0); // W-E passes north
    expect(bearingOf({ from: 350, to: 10 })).toBe(0);
    expect(bearingOf({ from: 45, to: 45 })).toBe(45);
    expect(midArc(300, 60)).toBe(0);
  });

  it('rounds to an integer 0–359 for details.direction', () => {
    expect(bearingOf({ degrees: 22.5 })).toBe(23);
    expect(bearingOf({ degrees: 359.6 })).toBe(0);
    fc.assert(
      fc.property(direction, (d) => {
        const b = bearingOf(d);
        expect(Number.isInteger(b) && b >= 0 && b <= 359).toBe(true);
      }),
    );
  });

  it('the mid-arc lies on the arc, at equal distance from both ends', () => {
    fc.assert(
      fc.property(degrees, degrees, (from, to) => {
        const m = midArc(from, to);
        const a = normaliseDegrees(m - from);
        const b = normaliseDegrees(to - m);
        expect(Math.abs(a - b)).toBeLessThan(1e-9);
        expect(a).toBeLessThanOrEqual(normaliseDegrees(to - from) + 1e-9);
      }),
    );
  });

  it('parseBearing gives the first entry’s bearing', () => {
    expect(parseBearing('E-W;0')).toBe(180);
    expect(parseBearing('NE')).toBe(45);
    expect(parseBearing('nope')).toBeNull();
  });
});
