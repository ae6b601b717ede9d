import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeDirections,
  directionsOf,
  directionsSchema,
  formatDirection,
  formatDirections,
  MAX_DIRECTIONS,
  normaliseDegrees,
  parseDirections,
} from '../../../src/core/direction.ts';
import { directionArbitrary } from '../codecs/observation-arbitraries.ts';

const POINTS: [string, number][] = [
  ['N', 0], ['NNE', 22.5], ['NE', 45], ['ENE', 67.5], ['E', 90], ['ESE', 112.5], ['SE', 135], ['SSE', 157.5],
  ['S', 180], ['SSW', 202.5], ['SW', 225], ['WSW', 247.5], ['W', 270], ['WNW', 292.5], ['NW', 315], ['NNW', 337.5],
];

/** Degrees with at most two decimals in [0, 360): what formatDirection writes exactly. */
const degrees = fc.integer({ min: 0, max: 35_999 }).map((n) => n / 100);
const pointName = fc.constantFrom(...POINTS.map(([p]) => p));
const randomCase = (s: string, flips: boolean[]): string =>
  [...s].map((c, i) => (flips[i % Math.max(1, flips.length)] ? c.toLowerCase() : c.toUpperCase())).join('');

describe('parseDirections: examples', () => {
  it.each([
    ['45', [{ bearing: 45 }]],
    ['0', [{ bearing: 0 }]],
    ['360', [{ bearing: 0 }]],
    ['-90', [{ bearing: 270 }]],
    ['725', [{ bearing: 5 }]],
    ['22.5', [{ bearing: 22.5 }]],
    ['45°', [{ bearing: 45 }]],
    ['NE', [{ bearing: 45 }]],
    ['ssw', [{ bearing: 202.5 }]],
    ['north', [{ bearing: 0 }]],
    ['SouthWest', [{ bearing: 225 }]],
    ['80-100', [{ bearing: 90, width: 20 }]],
    ['90-270', [{ bearing: 180, width: 180 }]],
    ['340-20', [{ bearing: 0, width: 40 }]],
    ['E-W', [{ bearing: 180, width: 180 }]],
    ['W-E', [{ bearing: 0, width: 180 }]],
    ['NE-180', [{ bearing: 112.5, width: 135 }]],
    ['-90-90', [{ bearing: 0, width: 180 }]],
    ['0-360', [{ bearing: 180, width: 360 }]],
    ['0;180', [{ bearing: 0 }, { bearing: 180 }]],
    ['90;270', [{ bearing: 90 }, { bearing: 270 }]],
    ['N;SE', [{ bearing: 0 }, { bearing: 135 }]],
    [' 45 ; SW ; 90 - 180 ', [{ bearing: 45 }, { bearing: 225 }, { bearing: 135, width: 90 }]],
    ['45;', [{ bearing: 45 }]],
  ])('%j', (text, expected) => {
    expect(parseDirections(text)).toEqual(expected);
  });

  it.each(['', ' ', ';', 'up', 'NEE', 'NNNE', '45deg', '4 5x', '90-', '-', '90-270-360', '1e3', 'forward', 'backward', '45,5', 'N;x'])(
    'leaves %j unread',
    (text) => {
      expect(parseDirections(text)).toBeNull();
    },
  );

  it('reads all 16 compass points', () => {
    for (const [name, deg] of POINTS) expect(parseDirections(name)).toEqual([{ bearing: deg }]);
  });

  it('reads hyphenated compass words as one bearing, not an arc', () => {
    expect(parseDirections('north-west')).toEqual([{ bearing: 315 }]);
    expect(parseDirections('South - East')).toEqual([{ bearing: 135 }]);
    expect(parseDirections('N-W')).toEqual([{ bearing: 135, width: 270 }]);
  });

  it('leaves two values side by side unread rather than merging them into one number', () => {
    for (const text of ['90 270', 'N SE', '90;1 80']) expect(parseDirections(text)).toBeNull();
    expect(parseDirections(' 90 ; 270 ')).toEqual([{ bearing: 90 }, { bearing: 270 }]);
  });

  it(`reads at most ${MAX_DIRECTIONS} directions`, () => {
    expect(parseDirections(Array(MAX_DIRECTIONS).fill('90').join(';'))).toHaveLength(MAX_DIRECTIONS);
    expect(parseDirections(Array(MAX_DIRECTIONS + 1).fill('90').join(';'))).toBeNull();
  });
});

describe('parseDirections: properties', () => {
  it('any integer reads as itself modulo 360', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (n) => {
        expect(parseDirections(String(n))).toEqual([{ bearing: ((n % 360) + 360) % 360 }]);
      }),
    );
  });

  it('a list of directions and ranges, written then read, comes back the same', () => {
    fc.assert(
      fc.property(fc.array(directionArbitrary, { minLength: 1, maxLength: 5 }), (dirs) => {
        expect(parseDirections(formatDirections(dirs))).toEqual(dirs);
      }),
    );
  });

  it('a value in OSM form, read then written, is the same text (a range stays a range)', () => {
    const entry = fc.oneof(
      degrees.map(String),
      fc.tuple(degrees, degrees).filter(([a, b]) => a !== b).map(([a, b]) => `${a}-${b}`),
    );
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), (entries) => {
        const text = entries.join(';');
        expect(formatDirections(parseDirections(text)!)).toBe(text);
      }),
    );
  });

  it('is case-insensitive for compass points and ranges of them', () => {
    fc.assert(
      fc.property(pointName, pointName, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (a, b, flips) => {
        expect(parseDirections(randomCase(a, flips))).toEqual(parseDirections(a));
        expect(parseDirections(randomCase(`${a}-${b}`, flips))).toEqual(parseDirections(`${a}-${b}`));
      }),
    );
  });

  it('ignores whitespace around values, hyphens and semicolons', () => {
    const space = fc.stringMatching(/^[ \t]{0,3}$/);
    fc.assert(
      fc.property(fc.array(directionArbitrary, { minLength: 1, maxLength: 4 }), space, space, (dirs, s1, s2) => {
        const text = dirs
          .map((d) => formatDirection(d).split('-').map((v) => `${s1}${v}${s2}`).join('-'))
          .join(`${s2};${s1}`);
        expect(parseDirections(text)).toEqual(dirs);
      }),
    );
  });

  it('never throws, and what it reads the schema accepts', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const dirs = parseDirections(text);
        if (dirs !== null) expect(directionsSchema.safeParse(dirs).success).toBe(true);
      }),
    );
  });
});

describe('formatDirection', () => {
  it('writes bearings, ranges (across north too) and lists', () => {
    expect(formatDirection({ bearing: 45 })).toBe('45');
    expect(formatDirection({ bearing: 22.5 })).toBe('22.5');
    expect(formatDirection({ bearing: 359.999 })).toBe('0');
    expect(formatDirection({ bearing: 90, width: 20 })).toBe('80-100');
    expect(formatDirection({ bearing: 0, width: 40 })).toBe('340-20');
    expect(formatDirection({ bearing: 180, width: 360 })).toBe('0-360');
    expect(formatDirection({ bearing: 90, width: 360 })).toBe('270-270');
    expect(formatDirections([{ bearing: 90 }, { bearing: 270 }])).toBe('90;270');
    expect(normaliseDegrees(-10)).toBe(350);
  });

  it('describes directions for people', () => {
    expect(describeDirections([{ bearing: 90 }, { bearing: 270 }, { bearing: 0, width: 40 }])).toBe('90°, 270°, 340–20°');
  });
});

describe('directionsSchema and directionsOf', () => {
  it('reads a bare number (the model before lists) as a list of one', () => {
    expect(directionsSchema.parse(90)).toEqual([{ bearing: 90 }]);
    expect(directionsSchema.safeParse([]).success).toBe(false);
    expect(directionsSchema.safeParse([{ bearing: 360 }]).success).toBe(false);
    expect(directionsSchema.safeParse([{ bearing: 10, width: 0 }]).success).toBe(false);
  });

  it('gives one cone per direction, a range at its own width however narrow', () => {
    expect(directionsOf([{ bearing: 90 }, { bearing: 0, width: 10 }])).toEqual([
      { bearing: 90, fov: 60 },
      { bearing: 0, fov: 10 },
    ]);
    expect(directionsOf(45)).toEqual([{ bearing: 45, fov: 60 }]);
    expect(directionsOf('up')).toEqual([]);
    expect(directionsOf(undefined)).toEqual([]);
  });
});
