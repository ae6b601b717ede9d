/**
 * Cases 04 and 05: OSM files as Overpass and JOSM write them. A file that says it stopped early
 * (an Overpass remark) is imported with the remark kept for the preview; elements a JOSM file marks
 * deleted (`action="delete"`, `visible="false"`) are not imported, and are listed as skipped.
 */
import { describe, expect, it } from 'vitest';
import { importOsmXml } from '../../../src/core/codecs/osm-xml.ts';
import { importOverpassJson } from '../../../src/core/codecs/overpass-json.ts';
import { readFieldCase } from './field-case-files.ts';

const REMARK = 'runtime error: Query timed out in "query" at line 3 after 26 seconds.';

describe('field case 04: an Overpass remark', () => {
  it('imports the one camera of the JSON file and keeps the remark', (ctx) => {
    const result = importOverpassJson(readFieldCase(ctx, '04-overpass-remark-timeout', 'overpass-timeout.json'));
    expect(result.observations).toHaveLength(1);
    expect(result.remark).toBe(REMARK);
  });

  it('imports the one camera of the XML file and keeps the remark', (ctx) => {
    const result = importOsmXml(readFieldCase(ctx, '04-overpass-remark-timeout', 'overpass-timeout.osm'));
    expect(result.observations).toHaveLength(1);
    expect(result.remark).toBe(REMARK);
  });

  it('has no remark for a complete file', () => {
    expect(importOsmXml('<osm version="0.6"><node id="1" lat="50.8" lon="4.3"><tag k="man_made" v="surveillance"/></node></osm>').remark).toBeUndefined();
  });
});

describe('field case 05: elements a JOSM file marks deleted', () => {
  it('imports node/7000000003 and node/-1 only, and lists the two deleted ones as skipped', (ctx) => {
    const result = importOsmXml(readFieldCase(ctx, '05-josm-deleted-elements', 'josm-session.osm'));
    expect(result.observations).toHaveLength(2);
    expect(result.observations.map((o) => o.notes).join(' ')).not.toMatch(/700000000[12]/);
    expect(result.skipped.map((s) => [s.reason, s.params?.ref])).toEqual([
      ['import.deletedInFile', 'node/7000000001'],
      ['import.deletedInFile', 'node/7000000002'],
    ]);
  });

  it('skips an Overpass JSON element with visible: false', () => {
    const text = JSON.stringify({ elements: [{ type: 'node', id: 5, lat: 50.8, lon: 4.3, visible: false, tags: { man_made: 'surveillance' } }] });
    const result = importOverpassJson(text);
    expect(result.observations).toEqual([]);
    expect(result.skipped).toEqual([{ index: 0, reason: 'import.deletedInFile', params: { ref: 'node/5' } }]);
  });
});
