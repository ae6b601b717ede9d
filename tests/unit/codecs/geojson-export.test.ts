/**
 * The GeoJSON writer (features stringified by batches) against the plain way of writing the same
 * document: a flat record and the OSM tags per feature, one JSON.stringify each. Byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect } from '../../../src/core/codecs/chunks.ts';
import { isPublicRecord, toFlatRecord } from '../../../src/core/codecs/flat-record.ts';
import { encodeGeoJson, type GeoJsonOptions } from '../../../src/core/codecs/geojson.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { toOsmTags } from '../../../src/core/osm-tags.ts';
import { observationArbitrary } from './observation-arbitraries.ts';

/** The reference: one feature object and one JSON.stringify per observation, one feature a line. */
function referenceGeoJson(observations: readonly Observation[], options: GeoJsonOptions = {}): string {
  const lines: string[] = [];
  for (const obs of observations) {
    if (obs.deleted && isPublicRecord(obs, options)) continue;
    const { lat, lon, ...properties } = toFlatRecord(obs, options);
    const props: Record<string, unknown> = properties;
    if (options.osmTags !== false) {
      for (const [key, value] of Object.entries(toOsmTags(obs) ?? {})) if (!(key in props)) props[key] = value;
    }
    lines.push(JSON.stringify({ type: 'Feature', id: obs.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props }));
  }
  return `{"type":"FeatureCollection","features":[${lines.length > 0 ? `\n${lines.join(',\n')}` : ''}\n]}\n`;
}

const base: Omit<Observation, 'id' | 'kind'> = {
  position: { lon: 4.3517103, lat: 50.8503396, accuracy: 6.5, source: 'gps' },
  observedAt: '2026-05-01T16:32:10.123+02:00',
  createdAt: '2026-05-01T14:32:10.123Z',
  updatedAt: '2026-05-02T08:00:00Z',
  version: 3,
  certainty: 'seen',
  notes: '',
  photos: [],
  details: {},
};

// Text that must come out escaped exactly as JSON.stringify escapes it, including what looks like
// the boundary between two features.
const NASTY = [
  'Caméra "dôme" au coin, vue sur la place',
  'back\\slash \\" and a quote\\',
  'controls \u0000\u0001\u0007\b\f\n\r\t\u001f end',
  'separators \u2028\u2029 and \u007f',
  'astral 📷 𝄞 and a lone surrogate \ud800 here',
  '},{"type":"Feature","id":"x"}',
  '"},\n{"type":"Feature",',
  '\\"},{\\"type\\":\\"Feature\\",',
];

const cases: Observation[] = [
  // Every optional field of the record, and every detail column, tags and all.
  {
    ...base,
    id: '01900000-0000-7000-8000-000000000001',
    kind: 'face_recognition',
    walkId: '01900000-0000-7000-8000-0000000000aa',
    notes: NASTY.join(' | '),
    photos: ['a'.repeat(64), 'b'.repeat(64)],
    details: {
      cameraType: 'dome',
      mount: 'street_lamp',
      direction: [{ bearing: 90 }, { bearing: 350, width: 40 }],
      angle: 30,
      height: 4.567,
      surveillance: 'outdoor',
      zone: 'town',
      operator: NASTY[0]!,
      manufacturer: NASTY[5]!,
      purpose: 'police',
      analytics: 'face_recognition',
      evidence: 'press',
      structure: 'mast',
      fiveG: 'unknown',
      audienceMeasurement: 'yes',
      hostileDesign: 'spikes',
      tracking: 'wifi',
      signage: 'pictogram',
      unitType: 'camera_van',
      context: 'routine',
      start: '2026-05-01T14:00:00Z',
      end: '2026-05-01T15:00:00Z',
    },
    deleted: false,
  },
  // Tombstone, no accuracy, a field whose tag key is already a column (operator).
  {
    ...base,
    id: '01900000-0000-7000-8000-000000000002',
    kind: 'antenna',
    position: { lon: -0.0000001, lat: -33.5, accuracy: null, source: 'manual' },
    details: { structure: 'tower', operator: NASTY[2]! },
    deleted: true,
  },
  // Events have no OSM tags; an empty marker kind writes its marker alone.
  ...NASTY.map((notes, i): Observation => ({ ...base, id: `01900000-0000-7000-8000-00000000010${i}`, kind: i % 2 ? 'drone' : 'mobile_unit', notes })),
  { ...base, id: '01900000-0000-7000-8000-000000000003', kind: 'hostile_design', notes: NASTY[6]! },
  { ...base, id: '01900000-0000-7000-8000-000000000004', kind: 'camera', notes: NASTY[7]!, certainty: 'reported' },
];

describe('GeoJSON writer', () => {
  it('writes the reference document byte for byte: every optional field, unicode, quotes, control characters, empty tags', () => {
    for (const options of [{}, { osmTags: false }, { publicData: true }, { publicData: (o: Observation) => o.kind === 'antenna' }] satisfies GeoJsonOptions[]) {
      const text = collect(encodeGeoJson(cases, options));
      expect(text).toBe(referenceGeoJson(cases, options));
      const written = cases.filter((o) => !(o.deleted && isPublicRecord(o, options)));
      expect((JSON.parse(text) as { features: { id: string }[] }).features.map((f) => f.id)).toEqual(written.map((o) => o.id));
    }
  });

  it('gives one feature a line, also where batches meet', () => {
    const many = Array.from({ length: 3000 }, (_, i) => cases[i % cases.length]!);
    const chunks = Array.from(encodeGeoJson(many));
    expect(chunks.length).toBeGreaterThan(10);
    const text = chunks.join('');
    expect(text).toBe(referenceGeoJson(many));
    expect(text.split('\n')).toHaveLength(many.length + 3);
  });

  it('writes the empty collection as before', () => {
    expect(collect(encodeGeoJson([]))).toBe(referenceGeoJson([]));
    expect(collect(encodeGeoJson(cases, { publicData: true }))).not.toContain('"deleted":true');
  });

  it('matches the reference on generated observations of every kind', () => {
    fc.assert(
      fc.property(fc.array(observationArbitrary({ tombstones: true, precise: true }), { maxLength: 120 }), (observations) => {
        expect(collect(encodeGeoJson(observations))).toBe(referenceGeoJson(observations));
      }),
      { numRuns: 60 },
    );
  });
});
