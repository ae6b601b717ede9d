/**
 * The server reads pushed changes through `z.compile` of the observation schema (core/wire.ts,
 * readChange). The compiled parser must decide exactly as the schema does: accept what it accepts
 * with the same output (trimmed texts, a bare bearing read as a list, keys in the schema's order),
 * and leave everything else to the schema's own parse, so the issues and messages stay the same.
 * Checked here on valid observations of every kind and on many broken ones: one rule the generated
 * code missed would show as a change accepted here and refused by the schema.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observationSchema } from '../../../src/core/observation.ts';
import { FIELDS, type FieldName } from '../../../src/core/taxonomy.ts';
import { readChange } from '../../../src/core/wire.ts';
import { z } from '../../../src/core/zod.ts';
import { observationArbitrary } from '../codecs/observation-arbitraries.ts';

const compiled = z.compile(observationSchema);

/** Both parses of one value, as comparable JSON (key order included; issues with their paths, codes and messages). */
function bothWays(value: unknown): { compiled: string; plain: string } {
  const show = (r: ReturnType<typeof observationSchema.safeParse>) =>
    JSON.stringify(r.success ? { data: r.data } : { issues: r.error.issues });
  return { compiled: show(compiled.safeParse(value)), plain: show(observationSchema.safeParse(value)) };
}

const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];
/** Where a broken value goes: every key of the observation, its position, each detail field, a direction's parts. */
const PATHS: string[][] = [
  ...['id', 'kind', 'position', 'observedAt', 'createdAt', 'updatedAt', 'version', 'certainty', 'notes', 'photos', 'walkId', 'details', 'supersedes', 'deleted'].map((k) => [k]),
  ...['lon', 'lat', 'accuracy', 'source'].map((k) => ['position', k]),
  ...FIELD_NAMES.map((k) => ['details', k]),
  ['details', 'direction', '0'],
  ['details', 'direction', '0', 'bearing'],
  ['details', 'direction', '0', 'width'],
  ['photos', '0'],
  ['unknown'],
  ['position', 'altitude'],
  ['details', 'speed'],
];

/** Values of every JSON type, and the edges the schema draws: bounds, blank or padded texts, formats nearly right. */
const brokenValue = fc.oneof(
  fc.constantFrom<unknown>(
    null, true, false, 0, -0, -1, 0.5, 1, 89.9999, 90, 90.0001, 180.5, 359.99, 360, 361, 2 ** 53, 1e300, NaN, Infinity, '',
    ' ', '  padded  ', 'x'.repeat(201), 'x'.repeat(5001), '2026-05-01T14:00:00Z', '2026-05-01T14:00:00', '2026-02-30T10:00:00Z',
    '2026-05-01T15:00:00+02:00', '01900001-0000-7000-8000-000000000001', '01900001-0000-7000-8000-00000000000G',
    'A'.repeat(64), 'a'.repeat(64), 'a'.repeat(63), 'camera', 'drone', 'dome', 'gps', 'seen', [], [{}], [{ bearing: 10 }],
    [{ bearing: 10, width: 0 }], [{ bearing: 10, width: 360 }], { bearing: 5 }, {}, { lon: 4, lat: 50 },
  ),
  fc.string({ maxLength: 12 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 3 }),
);

type Edit = { path: string[]; how: 'set' | 'delete'; value: unknown };
const edit: fc.Arbitrary<Edit> = fc.record({ path: fc.constantFrom(...PATHS), how: fc.constantFrom<'set' | 'delete'>('set', 'set', 'delete'), value: brokenValue });

/** A deep copy of `obs` with each edit made (a path through a missing object makes it). */
function broken(obs: object, edits: Edit[]): unknown {
  const copy = structuredClone(obs) as Record<string, unknown>;
  for (const { path, how, value } of edits) {
    let at: Record<string, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (how === 'delete') delete at[last];
    else at[last] = value;
  }
  return copy;
}

describe('the compiled observation schema', () => {
  it('accepts every valid observation as the schema does, with the same output', () => {
    fc.assert(
      fc.property(observationArbitrary({ tombstones: true, precise: true }), (obs) => {
        const { compiled: c, plain } = bothWays(obs);
        expect(c).toBe(plain);
        expect(plain.startsWith('{"data"')).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('decides every broken observation as the schema does, with the same issues', () => {
    let refused = 0;
    fc.assert(
      fc.property(observationArbitrary({ tombstones: true }), fc.array(edit, { minLength: 1, maxLength: 3 }), (obs, edits) => {
        const value = broken(obs, edits);
        const { compiled: c, plain } = bothWays(value);
        expect(c).toBe(plain);
        if (plain.startsWith('{"issues"')) refused++;
      }),
      { numRuns: 4000 },
    );
    // Most edits break a rule: the property above is about refusals, not only about valid values.
    expect(refused).toBeGreaterThan(2000);
  });

  it('gives the schema’s output where it changes the input: trimmed texts, a bare bearing as a list', () => {
    const obs = fc.sample(observationArbitrary({ kinds: ['camera'] }), { numRuns: 1, seed: 7 })[0]!;
    const value = { ...obs, details: { direction: 90, operator: '  Ville de Bruxelles ' } };
    const read = readChange({ ...value, baseVersion: null });
    expect(read).toEqual({ observation: { ...obs, details: { direction: [{ bearing: 90 }], operator: 'Ville de Bruxelles' } }, baseVersion: null });
    expect(bothWays(value).compiled).toBe(bothWays(value).plain);
  });

  it('refuses, through readChange, what only a refinement catches: a field of another kind, an end before its start, a bearing of 360', () => {
    const [camera, drone] = [fc.sample(observationArbitrary({ kinds: ['camera'] }), { numRuns: 1, seed: 3 })[0]!, fc.sample(observationArbitrary({ kinds: ['drone'] }), { numRuns: 1, seed: 3 })[0]!];
    const cases: [unknown, RegExp][] = [
      [{ ...camera, details: { fiveG: 'yes' } }, /details\.fiveG: field fiveG does not apply to camera/],
      [{ ...drone, details: { start: '2026-05-01T15:00:00Z', end: '2026-05-01T14:00:00Z' } }, /details\.end: end is before start/],
      [{ ...camera, details: { direction: [{ bearing: 360 }] } }, /details\.direction\.0\.bearing/],
    ];
    for (const [value, reason] of cases) {
      expect(readChange(value)).toMatchObject({ status: 'invalid', reason: expect.stringMatching(reason) });
    }
  });
});
