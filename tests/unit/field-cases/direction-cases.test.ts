/**
 * Cases 01, 03 and 09: directions as mappers write them. Compass words are bearings (`north-west`
 * is 315, not an arc); two values side by side are unread, never merged into one number; a
 * way-relative `forward`/`backward` is no bearing. The model keeps one bearing per observation, so
 * a `;` list keeps its first value and the tag is reported as partly read (case 01's fallback).
 */
import { describe, expect, it } from 'vitest';
import { importOsmXml } from '../../../src/core/codecs/osm-xml.ts';
import { importOverpassJson } from '../../../src/core/codecs/overpass-json.ts';
import { fromOsmTags } from '../../../src/core/osm-tags.ts';
import { readFieldCase } from './field-case-files.ts';

describe('field case 01: several directions on one node', () => {
  it('keeps the first bearing and reports camera:direction as partly read, never as fully used', (ctx) => {
    const result = importOsmXml(readFieldCase(ctx, '01-osm-direction-list', 'two-cameras-one-pole.osm'));
    expect(result.observations.map((o) => o.details.direction)).toEqual([90, 0]);
    expect(result.unknownTags).toEqual({ 'camera:direction': 2 });
    expect(fromOsmTags({ man_made: 'surveillance', 'camera:direction': '90;270' })?.ignored).toEqual([
      { key: 'camera:direction', value: '90;270', reason: 'partial' },
    ]);
  });
});

describe('field case 03: compass words', () => {
  it('reads N, NW, northwest, north-west, south-east as bearings and leaves "90 270" unread', (ctx) => {
    const result = importOverpassJson(readFieldCase(ctx, '03-compass-direction-words', 'compass-values.json'));
    expect(result.observations.map((o) => o.details.direction)).toEqual([0, 315, 315, 315, 135, undefined]);
    expect(result.unknownTags).toEqual({ 'camera:direction': 1 });
    expect(fromOsmTags({ man_made: 'surveillance', 'camera:direction': '90 270' })?.ignored).toEqual([
      { key: 'camera:direction', value: '90 270', reason: 'invalid' },
    ]);
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
