/**
 * Where and what the bench's observation number `i` is: spread over central Brussels (WGS84
 * degrees), every kind in turn. Shared by the seeding page and the bare map page's GeoJSON.
 */
import { KINDS, type Kind } from '../../src/core/taxonomy.ts';

export const seedPosition = (i: number): { lon: number; lat: number } => ({
  lon: 4.33 + ((i * 7919) % 10_000) / 1e5,
  lat: 50.83 + ((i * 104_729) % 5_000) / 1e5,
});

export const seedKind = (i: number): Kind => KINDS[i % KINDS.length]!;

/** The first `count` observations' points as one GeoJSON FeatureCollection (the bare map's source). */
export function seedPoints(count: number): { type: 'FeatureCollection'; features: object[] } {
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: count }, (_, i) => {
      const { lon, lat } = seedPosition(i);
      return { type: 'Feature', properties: { kind: seedKind(i) }, geometry: { type: 'Point', coordinates: [lon, lat] } };
    }),
  };
}
