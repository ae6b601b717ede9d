/**
 * A list or a range of directions goes through every format unchanged: read back from our GeoJSON,
 * CSV and OSM XML, written in OSM form (`90;270`, `80-100`) in KML, GPX and the open-data CSV, and a
 * `camera:direction` value comes back out of the OSM export as it went in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect } from '../../../src/core/codecs/chunks.ts';
import { encodeCsv, importCsv } from '../../../src/core/codecs/csv.ts';
import { encodeGeoJson, importGeoJson } from '../../../src/core/codecs/geojson.ts';
import { encodeGpx } from '../../../src/core/codecs/gpx.ts';
import { encodeKml } from '../../../src/core/codecs/kml.ts';
import { encodeOsmXml, importOsmXml } from '../../../src/core/codecs/osm-xml.ts';
import { importOverpassJson } from '../../../src/core/codecs/overpass-json.ts';
import { publicCsvLine } from '../../../src/core/codecs/public-csv.ts';
import { formatDirections, type Direction } from '../../../src/core/direction.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { directionArbitrary, observationArbitrary } from './observation-arbitraries.ts';

const directions = fc.array(directionArbitrary, { minLength: 1, maxLength: 5 });
const withDirections = fc
  .tuple(observationArbitrary({ kinds: ['camera', 'alpr', 'face_recognition'] }), directions)
  .map(([obs, list]): Observation => ({ ...obs, details: { ...obs.details, direction: list } }));
const directionsOf = (observations: readonly Observation[]): (Direction[] | undefined)[] => observations.map((o) => o.details.direction);

describe('directions through every format', () => {
  it('come back the same from GeoJSON, CSV and OSM XML', () => {
    fc.assert(
      fc.property(fc.array(withDirections, { minLength: 1, maxLength: 4 }), (observations) => {
        const want = directionsOf(observations);
        expect(directionsOf(importGeoJson(collect(encodeGeoJson(observations))).observations)).toEqual(want);
        expect(directionsOf(importCsv(collect(encodeCsv(observations))).observations)).toEqual(want);
        expect(directionsOf(importOsmXml(collect(encodeOsmXml(observations))).observations)).toEqual(want);
      }),
      { numRuns: 100 },
    );
  });

  it('are written in OSM form in KML, GPX and the open-data CSV', () => {
    fc.assert(
      fc.property(withDirections, (obs) => {
        const text = formatDirections(obs.details.direction!);
        expect(collect(encodeKml([obs]))).toContain(`direction: ${text}`);
        expect(collect(encodeGpx([obs]))).toContain(`direction: ${text}`);
        const feature = { type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [4.35, 50.85] as [number, number] }, properties: { id: 'x', kind: obs.kind, details: obs.details, photos: [] } };
        expect(publicCsvLine(feature, null).split(',')).toContain(text);
      }),
      { numRuns: 50 },
    );
  });

  it('a camera:direction value comes out of the OSM export as it went in', () => {
    for (const value of ['90;270', '0;135', '80-100', '340-20', '45;80-100;270', '22.5']) {
      const overpass = JSON.stringify({ elements: [{ type: 'node', id: 1, lat: 50.85, lon: 4.35, tags: { man_made: 'surveillance', 'camera:direction': value } }] });
      const imported = importOverpassJson(overpass);
      expect(imported.unknownTags).toEqual({});
      expect(collect(encodeOsmXml(imported.observations))).toContain(`<tag k="camera:direction" v="${value}"/>`);
    }
  });
});
