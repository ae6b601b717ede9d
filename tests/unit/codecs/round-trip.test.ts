import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect } from '../../../src/core/codecs/chunks.ts';
import { encodeCsv, importCsv } from '../../../src/core/codecs/csv.ts';
import { roundCoordinate } from '../../../src/core/codecs/flat-record.ts';
import { encodeGeoJson, importGeoJson } from '../../../src/core/codecs/geojson.ts';
import { KINDS } from '../../../src/core/taxonomy.ts';
import { observationArbitrary } from './observation-arbitraries.ts';

describe('GeoJSON export then import', () => {
  it.each(KINDS)('is lossless for %s (tombstones included)', (kind) => {
    fc.assert(
      fc.property(fc.array(observationArbitrary({ kinds: [kind], tombstones: true }), { maxLength: 8 }), (observations) => {
        const result = importGeoJson(collect(encodeGeoJson(observations)));
        expect(result.skipped).toEqual([]);
        expect(result.observations).toEqual(observations);
      }),
      { numRuns: 50 },
    );
  });

  it('rounds full-precision coordinates to 7 decimals and nothing else changes', () => {
    fc.assert(
      fc.property(observationArbitrary({ precise: true }), (obs) => {
        const [back] = importGeoJson(collect(encodeGeoJson([obs]))).observations;
        expect(back).toBeDefined();
        expect(Math.abs(back!.position.lon - obs.position.lon)).toBeLessThanOrEqual(5e-8 + 1e-12);
        expect(Math.abs(back!.position.lat - obs.position.lat)).toBeLessThanOrEqual(5e-8 + 1e-12);
        expect(back).toEqual({ ...obs, position: { ...obs.position, lon: roundCoordinate(obs.position.lon), lat: roundCoordinate(obs.position.lat) } });
      }),
      { numRuns: 100 },
    );
  });

  it('writes RFC 7946: longitude first, no crs, at most 7 decimals', () => {
    fc.assert(
      fc.property(fc.array(observationArbitrary({ precise: true }), { minLength: 1, maxLength: 5 }), (observations) => {
        const doc = JSON.parse(collect(encodeGeoJson(observations))) as {
          crs?: unknown;
          features: { geometry: { coordinates: number[] } }[];
        };
        expect(doc.crs).toBeUndefined();
        doc.features.forEach((feature, i) => {
          const [lon, lat] = feature.geometry.coordinates as [number, number];
          expect(lon).toBe(roundCoordinate(observations[i]!.position.lon));
          expect(lat).toBe(roundCoordinate(observations[i]!.position.lat));
          for (const c of [lon, lat]) expect(String(c)).toMatch(/^-?\d+(\.\d{1,7})?$|e/);
        });
      }),
    );
  });
});

describe('CSV export then import', () => {
  it('is lossless for every kind (formula neutralisation is undone on reading)', () => {
    fc.assert(
      fc.property(fc.array(observationArbitrary(), { maxLength: 10 }), (observations) => {
        const result = importCsv(collect(encodeCsv(observations)));
        expect(result.skipped).toEqual([]);
        expect(result.observations).toEqual(observations);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves tombstones out', () => {
    fc.assert(
      fc.property(observationArbitrary(), (obs) => {
        expect(importCsv(collect(encodeCsv([{ ...obs, deleted: true }]))).observations).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});
