/**
 * Cases 07 and 14: GeoJSON as GIS tools write it. A MultiPoint of one position is a point; our own
 * backup re-saved by GDAL/QGIS (the id moved to the Feature) is still ours, and imported after the
 * original it changes nothing. A `crs` other than WGS84 longitude/latitude is named in the refusal.
 */
import { describe, expect, it } from 'vitest';
import { importGeoJson } from '../../../src/core/codecs/geojson.ts';
import { ImportError } from '../../../src/core/codecs/import-result.ts';
import { applyImport } from '../../../src/store/import.ts';
import { listObservations } from '../../../src/store/observations.ts';
import { useFreshDb } from '../store/fixtures.ts';
import { readFieldCase } from './field-case-files.ts';

const { db } = useFreshDb();

describe('field case 07: a MultiPoint of one position', () => {
  it('imports the three features as three points, our own record with its id', (ctx) => {
    const result = importGeoJson(readFieldCase(ctx, '07-geojson-single-multipoint', 'multipoint-one-pair.geojson'));
    expect(result.skipped).toEqual([]);
    expect(result.observations.map((o) => [o.position.lon, o.position.lat])).toEqual([
      [4.3572, 50.8452],
      [4.3573, 50.8453],
      [4.3574, 50.8454],
    ]);
    expect(result.observations[0]).toMatchObject({ kind: 'camera', certainty: 'reported' });
    expect(result.observations[1]).toMatchObject({ id: '01943a6e-7c00-7000-8000-000000000002', certainty: 'seen', details: { cameraType: 'fixed' } });
  });

  it('still refuses a MultiPoint of several points', () => {
    const text = JSON.stringify({ type: 'Feature', properties: { man_made: 'surveillance' }, geometry: { type: 'MultiPoint', coordinates: [[4.35, 50.84], [4.36, 50.85]] } });
    expect(importGeoJson(text).skipped).toEqual([{ index: 0, reason: 'import.wrongGeometry', params: { type: 'MultiPoint' } }]);
  });
});

describe('field case 14: our backup re-saved by GDAL', () => {
  it('reads the re-saved file as our two records, and importing it after the original changes nothing', async (ctx) => {
    const original = importGeoJson(readFieldCase(ctx, '14-geojson-id-moved-by-gdal', 'backup.geojson'));
    const resaved = importGeoJson(readFieldCase(ctx, '14-geojson-id-moved-by-gdal', 'backup-resaved-by-gdal.geojson'));
    expect(resaved.skipped).toEqual([]);
    // GDAL writes the same instants without their zero milliseconds.
    const instants = (o: object) => JSON.parse(JSON.stringify(o), (_k, v: unknown) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : v));
    expect(resaved.observations.map(instants)).toEqual(original.observations.map(instants));
    expect(resaved.observations[0]).toMatchObject({ id: '01943a6e-7c00-7000-8000-000000000001', kind: 'camera', version: 1, certainty: 'seen', notes: 'Dôme' });
    expect(resaved.observations[1]).toMatchObject({ id: '01943a6e-7c00-7000-8000-000000000002', kind: 'drone', version: 1 });
    expect(resaved.observations[1]!.details).toHaveProperty('start');
    await applyImport(db(), { observations: original.observations });
    const second = await applyImport(db(), { observations: resaved.observations });
    expect(second.totals).toMatchObject({ new: 0, updated: 0, unchanged: 2 });
    expect((await listObservations(db())).observations).toHaveLength(2);
  });
});

describe('a crs other than WGS84 longitude/latitude', () => {
  it('is refused with its name in the message; CRS84 and EPSG:4326 are read', () => {
    const file = (name: string) =>
      JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [{ type: 'Feature', properties: { man_made: 'surveillance', 'surveillance:type': 'camera' }, geometry: { type: 'Point', coordinates: [4.35, 50.84] } }] });
    let error: unknown;
    try {
      importGeoJson(file('urn:ogc:def:crs:EPSG::31370'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ key: 'import.otherCrs', params: { crs: 'urn:ogc:def:crs:EPSG::31370' } });
    expect(importGeoJson(file('urn:ogc:def:crs:OGC:1.3:CRS84')).observations).toHaveLength(1);
    expect(importGeoJson(file('EPSG:4326')).observations).toHaveLength(1);
  });
});
