/**
 * Cases 01, 03 and 09: directions as mappers write them. Every entry of a `;` list is kept and
 * written back as it came (`90;270`), each with its own cone on the map; compass words are bearings
 * (`north-west` is 315, not an arc); two values side by side are unread, never merged into one
 * number; a way-relative `forward`/`backward` is no bearing.
 */
import { describe, expect, it } from 'vitest';
import { encodeCsv, importCsv } from '../../../src/core/codecs/csv.ts';
import { encodeGeoJson, importGeoJson } from '../../../src/core/codecs/geojson.ts';
import { encodeOsmXml, importOsmXml } from '../../../src/core/codecs/osm-xml.ts';
import { importOverpassJson } from '../../../src/core/codecs/overpass-json.ts';
import { bearingDegrees } from '../../../src/core/geometry.ts';
import { fromOsmTags } from '../../../src/core/osm-tags.ts';
import { observationCones } from '../../../src/app/map/observation-features.ts';
import { mapPointsOf } from '../../../src/core/map-point.ts';
import { readFieldCase } from './field-case-files.ts';

describe('field case 01: several directions on one node', () => {
  it('keeps both directions, uses the tag fully, writes them back as they came, draws a cone each', (ctx) => {
    const result = importOsmXml(readFieldCase(ctx, '01-osm-direction-list', 'two-cameras-one-pole.osm'));
    expect(result.observations.map((o) => o.details.direction)).toEqual([
      [{ bearing: 90 }, { bearing: 270 }],
      [{ bearing: 0 }, { bearing: 135 }],
    ]);
    expect(result.unknownTags).toEqual({});
    expect(fromOsmTags({ man_made: 'surveillance', 'camera:direction': '90;270' })?.ignored).toEqual([]);

    const xml = [...encodeOsmXml(result.observations)].join('');
    expect(xml).toContain('<tag k="camera:direction" v="90;270"/>');
    expect(xml).toContain('<tag k="camera:direction" v="0;135"/>');
    expect(importOsmXml(xml).observations.map((o) => o.details.direction)).toEqual(result.observations.map((o) => o.details.direction));
    const geojson = [...encodeGeoJson(result.observations)].join('');
    expect(importGeoJson(geojson).observations.map((o) => o.details.direction)).toEqual(result.observations.map((o) => o.details.direction));
    const csv = [...encodeCsv(result.observations, { bom: false })].join('');
    expect(importCsv(csv).observations.map((o) => o.details.direction)).toEqual(result.observations.map((o) => o.details.direction));

    const cones = observationCones(mapPointsOf(result.observations)).features;
    expect(cones.map((f) => [f.properties.id, f.properties.direction])).toEqual([
      [result.observations[0]!.id, 90],
      [result.observations[0]!.id, 270],
      [result.observations[1]!.id, 0],
      [result.observations[1]!.id, 135],
    ]);
  });
});

describe('field case 03: compass words', () => {
  it('reads N, NW, northwest, north-west, south-east as bearings, leaves "90 270" unread, and the cones point there', (ctx) => {
    const result = importOverpassJson(readFieldCase(ctx, '03-compass-direction-words', 'compass-values.json'));
    expect(result.observations.map((o) => o.details.direction)).toEqual([
      [{ bearing: 0 }],
      [{ bearing: 315 }],
      [{ bearing: 315 }],
      [{ bearing: 315 }],
      [{ bearing: 135 }],
      undefined,
    ]);
    expect(result.unknownTags).toEqual({ 'camera:direction': 1 });
    expect(fromOsmTags({ man_made: 'surveillance', 'camera:direction': '90 270' })?.ignored).toEqual([
      { key: 'camera:direction', value: '90 270', reason: 'invalid' },
    ]);
    // Where each cone points, as the case's cones.mts measures it: the middle of its arc.
    const towards = observationCones(mapPointsOf(result.observations)).features.map((f) => {
      const o = result.observations.find((x) => x.id === f.properties.id)!;
      const ring = f.geometry.coordinates[0]!;
      const [lon, lat] = ring[Math.floor(ring.length / 2)]!;
      return bearingDegrees(o.position, { lon, lat });
    });
    expect(towards).toEqual([0, 315, 315, 315, 135]);
  });
});

describe('field case 09: forward and backward', () => {
  it('imports the speed camera and the camera without a direction, and not the stop sign', (ctx) => {
    const result = importOsmXml(readFieldCase(ctx, '09-direction-forward-backward', 'speed-camera-forward.osm'));
    expect(result.observations.map((o) => [o.kind, o.details.direction])).toEqual([
      ['alpr', undefined],
      ['camera', undefined],
    ]);
    expect(result.observations[0]?.details.purpose).toBe('speed');
    expect(result.skipped.map((s) => [s.reason, s.params?.ref])).toEqual([['import.notSurveillance', 'node/9100000003']]);
    expect(result.unknownTags).toMatchObject({ 'camera:direction': 1, direction: 1 });
  });
});
