import { describe, expect, it } from 'vitest';
import { collect } from '../../../src/core/codecs/chunks.ts';
import { importCsv } from '../../../src/core/codecs/csv.ts';
import { encodeGeoJson, importGeoJson } from '../../../src/core/codecs/geojson.ts';
import { IMPORT_LIMITS } from '../../../src/core/codecs/import-result.ts';
import { sniffImportFormat } from '../../../src/core/codecs/import-formats.ts';
import { sampleObservations } from './observation-arbitraries.ts';

const now = new Date('2026-11-28T12:00:00Z');
const [good] = sampleObservations(1, 5);
const goodFeature = (JSON.parse(collect(encodeGeoJson([good!]))) as { features: Record<string, unknown>[] }).features[0]!;
const collection = (features: unknown[]): string => JSON.stringify({ type: 'FeatureCollection', features });

describe('GeoJSON import: bad input', () => {
  it('rejects what is not GeoJSON, with a message key', () => {
    expect(() => importGeoJson('{"type":')).toThrow(expect.objectContaining({ key: 'import.malformed' }));
    expect(() => importGeoJson('[1,2]')).toThrow(expect.objectContaining({ key: 'import.unknownFormat' }));
    expect(() => importGeoJson('{"type":"Topology"}')).toThrow(expect.objectContaining({ key: 'import.unknownFormat' }));
    expect(() => importGeoJson(collection([]), { maxBytes: 10 })).toThrow(expect.objectContaining({ key: 'import.tooLarge' }));
  });

  it('skips wrong geometries, out-of-range coordinates and invalid records, and keeps the good ones', () => {
    const props = goodFeature.properties as Record<string, unknown>;
    const result = importGeoJson(
      collection([
        goodFeature,
        { ...goodFeature, geometry: { type: 'LineString', coordinates: [[4, 50], [4.1, 50.1]] } },
        { ...goodFeature, geometry: null },
        { ...goodFeature, geometry: { type: 'Point', coordinates: [200, 50] } },
        { ...goodFeature, geometry: { type: 'Point', coordinates: ['4', 50] } },
        { ...goodFeature, properties: { ...props, kind: 'tank' } },
        { ...goodFeature, properties: { ...props, version: 0 } },
        'not a feature',
      ]),
    );
    expect(result.observations).toEqual([good]);
    expect(result.skipped).toEqual([
      { index: 1, reason: 'import.wrongGeometry', params: { type: 'LineString' } },
      { index: 2, reason: 'import.wrongGeometry', params: { type: 'null' } },
      { index: 3, reason: 'import.coordinatesOutOfRange', params: { lon: 200, lat: 50 } },
      { index: 4, reason: 'import.invalidRecord', params: { field: 'coordinates' } },
      { index: 5, reason: 'import.invalidRecord', params: expect.objectContaining({ field: 'kind' }) },
      { index: 6, reason: 'import.invalidRecord', params: expect.objectContaining({ field: 'version' }) },
      { index: 7, reason: 'import.invalidRecord', params: { field: 'type' } },
    ]);
  });

  it('lists at most maxSkippedListed skipped records but counts them all', () => {
    const bad = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: {} };
    const result = importGeoJson(collection(Array.from({ length: IMPORT_LIMITS.maxSkippedListed + 5 }, () => bad)));
    expect(result.skipped).toHaveLength(IMPORT_LIMITS.maxSkippedListed);
    expect(result.skippedTotal).toBe(IMPORT_LIMITS.maxSkippedListed + 5);
  });

  it('reads OSM-tagged GeoJSON (an Overpass export) as reported observations', () => {
    const result = importGeoJson(
      collection([
        { type: 'Feature', id: 'node/7', geometry: { type: 'Point', coordinates: [4.35, 50.85] }, properties: { man_made: 'surveillance', 'surveillance:type': 'camera', 'camera:mount': 'wall' } },
        { type: 'Feature', id: 'node/8', geometry: { type: 'Point', coordinates: [4.35, 50.85] }, properties: { shop: 'bakery' } },
      ]),
      { now },
    );
    expect(result.observations.map((o) => [o.kind, o.certainty, o.details, o.notes])).toEqual([
      ['camera', 'reported', { mount: 'wall' }, 'OSM node/7'],
    ]);
    expect(result.skipped).toEqual([{ index: 1, reason: 'import.notSurveillance', params: { ref: 'node/8' } }]);
  });
});

describe('CSV import: bad input', () => {
  it('needs the id, kind, lat and lon columns, and skips rows of the wrong width', () => {
    expect(() => importCsv('')).toThrow(expect.objectContaining({ key: 'import.empty' }));
    expect(() => importCsv('a,b\r\n1,2\r\n')).toThrow(expect.objectContaining({ key: 'import.unknownFormat' }));
    expect(() => importCsv('id,kind,lat,lon\r\n"open')).toThrow(expect.objectContaining({ key: 'import.malformed' }));
    const result = importCsv('id,kind,lat,lon\r\n1,camera\r\n');
    expect(result.skipped[0]).toMatchObject({ index: 0, reason: 'import.invalidRecord' });
  });
});

describe('sniffImportFormat', () => {
  it.each([
    ['a.zip', 'PK', 'zip'],
    ['x.geojson', '{"type":"FeatureCollection","features":[]}', 'geojson'],
    ['export.json', '\uFEFF{ "features": []', 'geojson'],
    ['overpass.json', '{\n  "version": 0.6,\n  "generator": "Overpass API",\n  "elements": [', 'overpass-json'],
    ['map.osm', '<?xml version="1.0"?>\n<osm version="0.6">', 'osm-xml'],
    ['data.txt', '\uFEFFid,kind,lat,lon\r\n', 'csv'],
    ['a.gpx', '<?xml version="1.0"?><gpx>', null],
    ['a.bin', '\u0000\u0001', null],
  ])('%s → %s', (name, head, format) => {
    expect(sniffImportFormat(name, head)).toBe(format);
  });
});
