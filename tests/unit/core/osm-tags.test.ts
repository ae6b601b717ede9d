import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../../src/core/direction.ts';
import { directionArbitrary } from '../codecs/observation-arbitraries.ts';
import type { Details } from '../../../src/core/observation.ts';
import {
  FIELD_TAGS,
  forEachOsmTag,
  fromOsmTags,
  kindOfTags,
  toContrechampTags,
  toOsmTags,
} from '../../../src/core/osm-tags.ts';
import {
  CERTAINTIES,
  FIELDS,
  KINDS,
  KIND_META,
  isEventKind,
  type Certainty,
  type FieldName,
  type FieldSpec,
  type Kind,
} from '../../../src/core/taxonomy.ts';

/** A value generator for any field, built from its spec so new fields are covered automatically. */
function valueFor(spec: FieldSpec): fc.Arbitrary<string | number | Direction[]> {
  switch (spec.type) {
    case 'choice':
      return fc.constantFrom(...spec.values);
    case 'number':
      return 'integer' in spec && spec.integer
        ? fc.integer({ min: spec.min, max: spec.max })
        : fc.integer({ min: spec.min * 100, max: spec.max * 100 }).map((n) => n / 100);
    case 'text':
      return fc
        .string({ minLength: 1, maxLength: spec.maxLength, unit: 'grapheme' })
        .map((s) => s.trim())
        .filter((s) => s.length > 0 && s.length <= spec.maxLength);
    case 'datetime':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'directions':
      return fc.array(directionArbitrary, { minLength: 1, maxLength: 4 });
  }
}

function detailsFor(kind: Kind): fc.Arbitrary<Details> {
  const shape = Object.fromEntries(KIND_META[kind].fields.map((f) => [f, valueFor(FIELDS[f])])) as Record<
    FieldName,
    fc.Arbitrary<string | number | Direction[]>
  >;
  return fc.record(shape, { requiredKeys: [] }).map((d) => {
    const details = d as Details;
    // The one cross-field rule of the schema: an event ends after it starts.
    if (typeof details.start === 'string' && typeof details.end === 'string' && details.end < details.start) {
      return { ...details, start: details.end, end: details.start };
    }
    return details;
  });
}

const certainty: fc.Arbitrary<Certainty> = fc.constantFrom(...CERTAINTIES);

describe('the round trip observation → tags → observation', () => {
  for (const kind of KINDS) {
    it(`keeps kind, details and certainty for ${kind}`, () => {
      fc.assert(
        fc.property(detailsFor(kind), certainty, (details, cert) => {
          const obs = { kind, details, certainty: cert };
          const own = fromOsmTags(toContrechampTags(obs));
          expect(own).toEqual({ kind, details, certainty: cert, ignored: [] });
          const osm = toOsmTags(obs);
          if (isEventKind(kind)) {
            expect(osm).toBeNull();
          } else {
            expect(osm).not.toHaveProperty('contrechamp:kind');
            expect(fromOsmTags(osm ?? {})).toEqual({ kind, details, certainty: cert, ignored: [] });
          }
        }),
        { numRuns: 60 },
      );
    });
  }

  it('every field has a tag key of its own', () => {
    expect(Object.keys(FIELD_TAGS).sort()).toEqual(Object.keys(FIELDS).sort());
    expect(new Set(Object.values(FIELD_TAGS)).size).toBe(Object.keys(FIELDS).length);
  });
});

describe('toOsmTags', () => {
  it('writes the tags of DESIGN.md for each fixed kind', () => {
    const tags = (kind: Kind, details: Details = {}) => toOsmTags({ kind, details, certainty: 'seen' });
    expect(tags('camera', { direction: [{ bearing: 45 }, { bearing: 0, width: 40 }], cameraType: 'dome', mount: 'pole', height: 4.5 })).toEqual({
      man_made: 'surveillance',
      'surveillance:type': 'camera',
      'camera:type': 'dome',
      'camera:mount': 'pole',
      'camera:direction': '45;340-20',
      height: '4.5',
      'contrechamp:certainty': 'seen',
    });
    expect(tags('alpr', { purpose: 'lez', manufacturer: 'Vitronic' })).toMatchObject({
      'surveillance:type': 'ALPR',
      'surveillance:zone': 'traffic',
      'contrechamp:purpose': 'lez',
      manufacturer: 'Vitronic',
    });
    expect(tags('face_recognition')).toMatchObject({ 'surveillance:type': 'camera', 'contrechamp:analytics': 'yes' });
    expect(tags('face_recognition', { analytics: 'behaviour', evidence: 'press' })).toMatchObject({
      'contrechamp:analytics': 'behaviour',
      'contrechamp:evidence': 'press',
    });
    expect(tags('sound_sensor')).toMatchObject({ 'surveillance:type': 'gunshot_detector', 'contrechamp:sensor': 'sound' });
    expect(tags('antenna', { structure: 'mast', fiveG: 'yes' })).toMatchObject({
      man_made: 'mast',
      'tower:type': 'communication',
      'communication:mobile_phone': 'yes',
      'contrechamp:5g': 'yes',
    });
    expect(tags('ad_screen', { audienceMeasurement: 'unknown' })).toMatchObject({
      advertising: 'screen',
      'contrechamp:audience_measurement': 'unknown',
    });
    expect(tags('hostile_design', { hostileDesign: 'spikes' })).toMatchObject({ 'contrechamp:hostile_design': 'spikes' });
    expect(tags('footfall_sensor')).toMatchObject({ 'contrechamp:tracking': 'yes' });
    expect(tags('guard')).toMatchObject({ man_made: 'surveillance', 'surveillance:type': 'guard' });
    expect(tags('drone')).toBeNull();
    expect(tags('mobile_unit')).toBeNull();
  });

  it("writes the kind's tags, then its marker, then its fields in the kind's order, the certainty last", () => {
    const keys = (kind: Kind, details: Details) => Object.keys(toOsmTags({ kind, details, certainty: 'seen' }) ?? {});
    expect(keys('face_recognition', { zone: 'town', analytics: 'behaviour', evidence: 'sign', cameraType: 'dome' })).toEqual([
      'man_made',
      'surveillance:type',
      'contrechamp:analytics',
      'contrechamp:evidence',
      'camera:type',
      'surveillance:zone',
      'contrechamp:certainty',
    ]);
    // A field whose key the kind already writes keeps the kind's place, with the field's value.
    expect(keys('antenna', { operator: 'Proximus', structure: 'tower' })).toEqual([
      'tower:type',
      'communication:mobile_phone',
      'man_made',
      'operator',
      'contrechamp:certainty',
    ]);
    expect(toOsmTags({ kind: 'alpr', details: { purpose: 'lez' }, certainty: 'seen' })).toMatchObject({ 'surveillance:zone': 'traffic' });
  });

  it('forEachOsmTag visits exactly the tags toOsmTags gives, in its order, and none for an event', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS).chain((kind) => fc.tuple(fc.constant(kind), detailsFor(kind), fc.constantFrom(...CERTAINTIES))),
        ([kind, details, certainty]) => {
          const visited: [string, string][] = [];
          forEachOsmTag({ kind, details, certainty }, (key, value) => visited.push([key, value]));
          expect(visited).toEqual(Object.entries(toOsmTags({ kind, details, certainty }) ?? {}));
        },
      ),
    );
  });

  it('never writes notes (they may speak of people)', () => {
    const obs = { kind: 'camera' as const, details: {}, certainty: 'seen' as const, notes: 'the guard, Marc, said…' };
    expect(Object.values(toOsmTags(obs) ?? {}).join()).not.toContain('Marc');
    expect(Object.values(toContrechampTags(obs)).join()).not.toContain('Marc');
  });
});

describe('fromOsmTags reads tags as mappers write them', () => {
  it('a plain surveillance node is a camera', () => {
    expect(fromOsmTags({ man_made: 'surveillance' })).toEqual({ kind: 'camera', details: {}, ignored: [] });
  });

  it('camera with mapper values, aliases and units', () => {
    const r = fromOsmTags({
      man_made: 'surveillance',
      'surveillance:type': 'camera',
      'camera:type': 'Dome',
      'camera:direction': 'NE',
      'camera:mount': 'wall',
      'camera:angle': '15°',
      height: '5 m',
      surveillance: 'public',
      'surveillance:zone': 'town',
      operator: 'Zone de police Bruxelles-Capitale Ixelles',
      description: 'Platform 2,3',
      name: 'Cam 4',
    });
    expect(r).toEqual({
      kind: 'camera',
      details: {
        cameraType: 'dome',
        direction: [{ bearing: 45 }],
        mount: 'wall',
        angle: 15,
        height: 5,
        surveillance: 'public',
        zone: 'town',
        operator: 'Zone de police Bruxelles-Capitale Ixelles',
      },
      notes: 'Platform 2,3',
      ignored: [{ key: 'name', value: 'Cam 4', reason: 'unknown' }],
    });
  });

  it('reads `direction` when `camera:direction` is absent, every entry of a list and the width of a range', () => {
    expect(fromOsmTags({ man_made: 'surveillance', direction: 'E-W' })?.details).toEqual({ direction: [{ bearing: 180, width: 180 }] });
    const r = fromOsmTags({ man_made: 'surveillance', 'camera:direction': '90-270;0;340-20' });
    expect(r?.details).toEqual({ direction: [{ bearing: 180, width: 180 }, { bearing: 0 }, { bearing: 0, width: 40 }] });
    expect(r?.ignored).toEqual([]);
    expect(fromOsmTags({ man_made: 'surveillance', 'camera:direction': '359.6' })?.details).toEqual({ direction: [{ bearing: 359.6 }] });
  });

  it('recognises every kind from OSM tags alone', () => {
    const cases: [Record<string, string>, Kind][] = [
      [{ man_made: 'surveillance', 'surveillance:type': 'ALPR' }, 'alpr'],
      [{ man_made: 'surveillance', 'surveillance:type': 'ANPR' }, 'alpr'],
      [{ 'surveillance:type': 'alpr' }, 'alpr'],
      [{ man_made: 'surveillance', 'surveillance:type': 'camera', 'contrechamp:analytics': 'counting' }, 'face_recognition'],
      [{ man_made: 'surveillance', 'surveillance:type': 'gunshot_detector' }, 'sound_sensor'],
      [{ man_made: 'surveillance', 'contrechamp:sensor': 'sound' }, 'sound_sensor'],
      [{ man_made: 'mast', 'communication:mobile_phone': 'yes' }, 'antenna'],
      [{ man_made: 'tower', 'tower:type': 'communication' }, 'antenna'],
      [{ advertising: 'screen' }, 'ad_screen'],
      [{ 'contrechamp:hostile_design': 'bench' }, 'hostile_design'],
      [{ 'contrechamp:tracking': 'wifi' }, 'footfall_sensor'],
      [{ man_made: 'surveillance', 'surveillance:type': 'guard' }, 'guard'],
      [{ 'contrechamp:kind': 'drone' }, 'drone'],
      [{ 'contrechamp:kind': 'mobile_unit', 'contrechamp:unit_type': 'anpr_car' }, 'mobile_unit'],
    ];
    for (const [tags, kind] of cases) expect(kindOfTags(tags), JSON.stringify(tags)).toBe(kind);
  });

  it('reads an antenna’s structure from man_made', () => {
    expect(fromOsmTags({ man_made: 'tower', 'tower:type': 'communication' })).toEqual({
      kind: 'antenna',
      details: { structure: 'tower' },
      ignored: [],
    });
  });

  it('returns null for what we do not map', () => {
    expect(fromOsmTags({})).toBeNull();
    expect(fromOsmTags({ highway: 'speed_camera' })).toBeNull();
    expect(fromOsmTags({ man_made: 'mast' })).toBeNull();
    expect(fromOsmTags({ man_made: 'surveillance', 'surveillance:type': 'radar' })).toBeNull();
    expect(fromOsmTags({ amenity: 'bench' })).toBeNull();
  });

  it('reports unreadable values of our keys as invalid, and unknown keys as unknown', () => {
    const r = fromOsmTags({
      man_made: 'surveillance',
      'camera:type': 'bullet',
      'camera:direction': 'up',
      height: '16 ft',
      'camera:angle': '120',
      'contrechamp:certainty': 'maybe',
      fixme: 'check',
    });
    expect(r?.details).toEqual({});
    expect(r?.ignored).toEqual([
      { key: 'camera:type', value: 'bullet', reason: 'invalid' },
      { key: 'camera:direction', value: 'up', reason: 'invalid' },
      { key: 'height', value: '16 ft', reason: 'invalid' },
      { key: 'camera:angle', value: '120', reason: 'invalid' },
      { key: 'contrechamp:certainty', value: 'maybe', reason: 'invalid' },
      { key: 'fixme', value: 'check', reason: 'unknown' },
    ]);
  });

  it('keeps fields that do not belong to the kind out of the details', () => {
    const r = fromOsmTags({ man_made: 'surveillance', 'surveillance:type': 'guard', 'camera:direction': '90' });
    expect(r?.details).toEqual({});
    expect(r?.ignored).toEqual([{ key: 'camera:direction', value: '90', reason: 'unknown' }]);
  });

  it('an ALPR in a zone other than traffic keeps its kind and reports the zone', () => {
    const r = fromOsmTags({ 'surveillance:type': 'ALPR', 'surveillance:zone': 'parking' });
    expect(r?.kind).toBe('alpr');
    expect(r?.ignored).toEqual([{ key: 'surveillance:zone', value: 'parking', reason: 'invalid' }]);
  });

  it('contrechamp:kind wins over the OSM tags', () => {
    expect(kindOfTags({ 'contrechamp:kind': 'guard', man_made: 'surveillance' })).toBe('guard');
    expect(fromOsmTags({ 'contrechamp:kind': 'teapot', man_made: 'surveillance' })).toEqual({
      kind: 'camera',
      details: {},
      ignored: [{ key: 'contrechamp:kind', value: 'teapot', reason: 'invalid' }],
    });
  });
});

describe('the legal pictogram of camera kinds', () => {
  it('is written as our own contrechamp:signage key and read back', () => {
    const tags = toOsmTags({ kind: 'camera', details: { signage: 'none' } as Details, certainty: 'seen' } as never);
    expect(tags).toMatchObject({ 'surveillance:type': 'camera', 'contrechamp:signage': 'none' });
    expect(fromOsmTags(tags!)?.details).toMatchObject({ signage: 'none' });
    expect(KIND_META.alpr.fields).toContain('signage');
    expect(KIND_META.face_recognition.fields).toContain('signage');
    expect(KIND_META.antenna.fields).not.toContain('signage');
  });
});
