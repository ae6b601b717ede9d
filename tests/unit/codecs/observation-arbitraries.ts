/** fast-check generators of valid observations of every kind, for the codec property tests. */
import fc from 'fast-check';
import type { Direction } from '../../../src/core/direction.ts';
import { observationSchema, type Observation } from '../../../src/core/observation.ts';
import { CERTAINTIES, FIELDS, KINDS, KIND_META, type FieldName, type FieldSpec, type Kind } from '../../../src/core/taxonomy.ts';

/** Texts that break naive codecs: formula starts, quotes, separators, line breaks, XML specials, accents. */
const nastyText = fc.constantFrom(
  '=1+2',
  '-3',
  '+32 2 555',
  '@SUM(A1)',
  "'quoted",
  "''",
  "'=not a formula",
  "'-1",
  '"a", b',
  'line\nbreak',
  'crlf\r\nx',
  '<tag & "amp">',
  'Saint-Gilles / Sint-Gillis é ü ç',
  '\tTab',
  '📷 caméra',
  ';',
);
const text = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(nastyText, fc.string({ unit: 'grapheme', maxLength: Math.min(maxLength, 60) }));

const isoStamp = fc
  .tuple(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('Z', '+01:00', '-05:30'))
  .map(([date, zone]) => date.toISOString().replace('Z', zone));

/**
 * One direction as the model keeps it and every format can write exactly: a bearing in half
 * degrees, and for a range a whole number of degrees of width (1–360), so its ends are half degrees.
 */
export const directionArbitrary: fc.Arbitrary<Direction> = fc.oneof(
  fc.integer({ min: 0, max: 719 }).map((n) => ({ bearing: n / 2 })),
  fc.tuple(fc.integer({ min: 0, max: 719 }), fc.integer({ min: 1, max: 360 })).map(([n, width]) => ({ bearing: n / 2, width })),
);

function fieldValue(spec: FieldSpec): fc.Arbitrary<string | number | Direction[]> {
  switch (spec.type) {
    case 'choice':
      return fc.constantFrom(...spec.values);
    case 'number':
      return 'integer' in spec && spec.integer
        ? fc.integer({ min: spec.min, max: spec.max })
        : fc.double({ min: spec.min, max: spec.max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
    case 'text':
      return text(spec.maxLength)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    case 'datetime':
      return isoStamp;
    case 'directions':
      return fc.array(directionArbitrary, { minLength: 1, maxLength: 4 });
  }
}

function detailsFor(kind: Kind): fc.Arbitrary<Record<string, string | number | Direction[] | undefined>> {
  const shape: Record<string, fc.Arbitrary<string | number | Direction[]>> = {};
  for (const field of KIND_META[kind].fields) shape[field] = fieldValue(FIELDS[field as FieldName]);
  return fc.record(shape, { requiredKeys: [] }).map((details) => {
    // The schema wants end ≥ start.
    const { start, end } = details as { start?: string; end?: string };
    if (start && end && Date.parse(end) < Date.parse(start)) return { ...details, start: end, end: start };
    return details;
  });
}

/** A coordinate with at most 7 decimals: exactly what the exports write. */
const coordinate = (max: number): fc.Arbitrary<number> =>
  fc.integer({ min: -max * 1e7, max: max * 1e7 }).map((n) => (n === 0 ? 0 : n / 1e7));

export interface ObservationArbitraryOptions {
  kinds?: readonly Kind[];
  tombstones?: boolean;
  /** Full-precision coordinates (the export rounds them to 7 decimals). */
  precise?: boolean;
}

// Built once: making arbitraries (regexes, grapheme tables) per generated value is what costs.
const hash = fc.stringMatching(/^[0-9a-f]{64}$/);
const uuid7 = fc.uuid({ version: 7 });
const accuracy = fc.option(fc.double({ min: 0, max: 100_000, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)), { nil: null });
const notes = text(5000);
const exactLon = coordinate(180);
const exactLat = coordinate(90);
const preciseLon = fc.double({ min: -180, max: 180, noNaN: true });
const preciseLat = fc.double({ min: -90, max: 90, noNaN: true });
const detailsByKind = Object.fromEntries(KINDS.map((kind) => [kind, detailsFor(kind)])) as Record<Kind, ReturnType<typeof detailsFor>>;

function candidate(kind: Kind, precise: boolean) {
  return fc.record(
    {
      id: uuid7,
      kind: fc.constant(kind),
      position: fc.record({
        lon: precise ? preciseLon : exactLon,
        lat: precise ? preciseLat : exactLat,
        accuracy,
        source: fc.constantFrom('gps' as const, 'manual' as const),
      }),
      observedAt: isoStamp,
      createdAt: isoStamp,
      updatedAt: isoStamp,
      version: fc.integer({ min: 1, max: 1_000_000 }),
      certainty: fc.constantFrom(...CERTAINTIES),
      notes,
      photos: fc.array(hash, { maxLength: 3 }),
      walkId: uuid7,
      details: detailsByKind[kind],
      deleted: fc.constant(true),
    },
    { requiredKeys: ['id', 'kind', 'position', 'observedAt', 'createdAt', 'updatedAt', 'version', 'certainty', 'notes', 'photos', 'details'] },
  );
}

export function observationArbitrary(options: ObservationArbitraryOptions = {}): fc.Arbitrary<Observation> {
  const kinds = options.kinds ?? KINDS;
  return fc.oneof(...kinds.map((kind) => candidate(kind, options.precise === true))).map((value) => {
    if (!options.tombstones) delete (value as { deleted?: boolean }).deleted;
    return observationSchema.parse(value) as Observation;
  });
}

/** A fixed, reproducible dataset (same seed, same observations) of every kind. */
export function sampleObservations(count: number, seed = 42): Observation[] {
  return fc.sample(observationArbitrary(), { numRuns: count, seed });
}
