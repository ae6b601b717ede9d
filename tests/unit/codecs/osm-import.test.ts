import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../../../src/core/codecs/chunks.ts';
import { ImportError } from '../../../src/core/codecs/import-result.ts';
import { osmElementId } from '../../../src/core/codecs/osm-elements.ts';
import { createOsmXmlReader, encodeOsmXml, importOsmXml } from '../../../src/core/codecs/osm-xml.ts';
import { importOverpassJson } from '../../../src/core/codecs/overpass-json.ts';
import { observationSchema } from '../../../src/core/observation.ts';
import { isEventKind } from '../../../src/core/taxonomy.ts';
import { sampleObservations } from './observation-arbitraries.ts';

const now = new Date('2026-11-28T12:00:00Z');
const osm = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n${body}\n</osm>\n`;

describe('OSM XML import', () => {
  it('turns surveillance nodes into reported observations with ids from the element', () => {
    const result = importOsmXml(
      osm(`<node id="12" lat="50.85" lon="4.35" timestamp="2012-05-03T10:00:00Z">
        <tag k="man_made" v="surveillance"/><tag k="surveillance:type" v="camera"/>
        <tag k="camera:direction" v="NE"/><tag k="operator" v="STIB &amp; MIVB"/><tag k="fixme" v="check"/>
      </node>`),
      { now },
    );
    expect(result.skipped).toEqual([]);
    const [obs] = result.observations;
    expect(observationSchema.safeParse(obs).success).toBe(true);
    expect(obs).toMatchObject({
      kind: 'camera',
      certainty: 'reported',
      position: { lon: 4.35, lat: 50.85, accuracy: null, source: 'manual' },
      details: { direction: [{ bearing: 45 }], operator: 'STIB & MIVB' },
      observedAt: '2012-05-03T10:00:00Z',
      notes: 'OSM node/12',
      version: 1,
    });
    expect(obs?.id).toBe(osmElementId({ ref: 'node/12', lon: 4.35, lat: 50.85 }));
    expect(result.unknownTags).toEqual({ fixme: 1 });
  });

  it('reads highway=speed_camera and enforcement nodes as ALPR with the purpose speed', () => {
    const result = importOsmXml(
      osm(`<node id="1" lat="50.8" lon="4.3"><tag k="highway" v="speed_camera"/><tag k="maxspeed" v="50"/></node>
        <node id="2" lat="50.8" lon="4.31"><tag k="enforcement" v="maxspeed"/><tag k="direction" v="270"/></node>`),
      { now },
    );
    expect(result.observations.map((o) => [o.kind, o.details])).toEqual([
      ['alpr', { purpose: 'speed' }],
      ['alpr', { purpose: 'speed', direction: [{ bearing: 270 }] }],
    ]);
    expect(result.unknownTags).toEqual({ maxspeed: 1 });
  });

  it('skips what is not surveillance, and ways without a centre, and says why', () => {
    const result = importOsmXml(
      osm(`<node id="1" lat="50.8" lon="4.3"/>
        <node id="2" lat="50.8" lon="4.3"><tag k="amenity" v="bench"/></node>
        <node id="3" lat="95" lon="4.3"><tag k="man_made" v="surveillance"/></node>
        <way id="4"><nd ref="1"/><tag k="man_made" v="surveillance"/></way>
        <way id="5"><nd ref="1"/><tag k="building" v="yes"/></way>`),
      { now },
    );
    expect(result.observations).toEqual([]);
    expect(result.skipped).toEqual([
      { index: 1, reason: 'import.notSurveillance', params: { ref: 'node/2' } },
      { index: 2, reason: 'import.coordinatesOutOfRange', params: { ref: 'node/3', lon: 4.3, lat: 95 } },
      { index: 3, reason: 'import.wrongGeometry', params: { ref: 'way/4', type: 'way' } },
    ]);
    expect(result.skippedTotal).toBe(3);
  });

  it('refuses a DOCTYPE, so no entity is ever expanded (billion laughs)', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE osm [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<osm version="0.6"><node id="1" lat="1" lon="1"><tag k="man_made" v="&c;"/></node></osm>`;
    expect(() => importOsmXml(bomb)).toThrow(expect.objectContaining({ key: 'import.doctypeRefused' }));
    // An external entity has nothing to refer to either.
    const external = `<!DOCTYPE osm SYSTEM "file:///etc/passwd"><osm version="0.6"/>`;
    expect(() => importOsmXml(external)).toThrow(expect.objectContaining({ key: 'import.doctypeRefused' }));
  });

  it('refuses undeclared entities, malformed XML, a foreign root, oversized input', () => {
    const cases: [string, string][] = [
      [osm('<node id="1" lat="1" lon="1"><tag k="a" v="&nbsp;"/></node>'), 'import.malformed'],
      [osm('<node id="1" lat="1" lon="1">'), 'import.malformed'],
      ['<gpx version="1.1"/>', 'import.unknownFormat'],
      ['', 'import.empty'],
    ];
    for (const [text, key] of cases) {
      expect(() => importOsmXml(text), key).toThrow(expect.objectContaining({ key }));
    }
    expect(() => importOsmXml(osm(''), { maxBytes: 20 })).toThrow(expect.objectContaining({ key: 'import.tooLarge' }));
  });

  it('reads chunks split anywhere, as a stream gives them', () => {
    const text = collect(encodeOsmXml(sampleObservations(50, 3)));
    const whole = importOsmXml(text, { now });
    const reader = createOsmXmlReader({ now });
    for (let i = 0; i < text.length; i += 7) reader.write(text.slice(i, i + 7));
    const streamed = reader.finish();
    expect(streamed.observations.map((o) => [o.kind, o.details, o.position])).toEqual(
      whole.observations.map((o) => [o.kind, o.details, o.position]),
    );
  });

  it('reads back the kind, details and position of our own OSM XML export', () => {
    const data = sampleObservations(80, 11).filter((o) => !isEventKind(o.kind));
    const result = importOsmXml(collect(encodeOsmXml(data)), { now });
    expect(result.skipped).toEqual([]);
    expect(result.observations.map((o) => [o.kind, o.position.lon, o.position.lat])).toEqual(
      data.map((o) => [o.kind, o.position.lon, o.position.lat]),
    );
  });
});

describe('Overpass JSON import', () => {
  it('reads nodes and ways with a centre, and skips the rest with reasons', () => {
    const result = importOverpassJson(
      JSON.stringify({
        version: 0.6,
        elements: [
          { type: 'node', id: 1, lat: 50.84, lon: 4.36, tags: { man_made: 'surveillance', 'surveillance:type': 'ALPR' } },
          { type: 'way', id: 2, center: { lat: 50.83, lon: 4.37 }, tags: { man_made: 'surveillance' } },
          { type: 'way', id: 3, tags: { man_made: 'surveillance' } },
          { type: 'node', id: 4, lat: 50.8, lon: 200, tags: { highway: 'speed_camera' } },
        ],
      }),
      { now },
    );
    expect(result.observations.map((o) => [o.kind, o.position.lon, o.notes])).toEqual([
      ['alpr', 4.36, 'OSM node/1'],
      ['camera', 4.37, 'OSM way/2'],
    ]);
    expect(result.skipped.map((s) => s.reason)).toEqual(['import.wrongGeometry', 'import.coordinatesOutOfRange']);
  });

  it('refuses what is not Overpass JSON', () => {
    expect(() => importOverpassJson('{"type":"FeatureCollection"}')).toThrow(ImportError);
    expect(() => importOverpassJson('{')).toThrow(expect.objectContaining({ key: 'import.malformed' }));
  });
});

// Real data: the 2013 Brussels extract of the shared test data (never copied into the repo).
const SHARED = resolve(__dirname, '../../../../shared/data/brussels-2013.osm.pbf');
const haveShared = existsSync(SHARED);
let haveOsmium = true;
try {
  execFileSync('sh', ['-c', 'command -v osmium'], { stdio: 'ignore' });
} catch {
  haveOsmium = false;
}
if (!haveShared) console.warn(`Brussels OSM import test skipped: ${SHARED} is absent (shared test data, see its README)`);
else if (!haveOsmium) console.warn('Brussels OSM import test skipped: osmium-tool is not installed');

describe.skipIf(!haveShared || !haveOsmium)('import of real OSM data (Brussels 2013)', () => {
  it('imports every surveillance and speed-camera node that osmium extracts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'contrechamp-osm-'));
    try {
      const pbf = join(dir, 'surveillance.osm.pbf');
      const xml = join(dir, 'surveillance.osm');
      execFileSync('osmium', ['tags-filter', '--omit-referenced', '-o', pbf, SHARED, 'n/man_made=surveillance', 'n/highway=speed_camera', 'n/enforcement']);
      execFileSync('osmium', ['cat', '-f', 'osm', '-o', xml, pbf]);
      const text = readFileSync(xml, 'utf8');
      const nodes = text.match(/<node /g)?.length ?? 0;
      expect(nodes).toBeGreaterThan(10);

      const result = importOsmXml(text, { now });
      expect(result.skipped).toEqual([]);
      expect(result.observations).toHaveLength(nodes);
      for (const obs of result.observations) {
        expect(observationSchema.safeParse(obs).success).toBe(true);
        expect(obs.certainty).toBe('reported');
        expect(obs.position.lon).toBeGreaterThan(4.2);
        expect(obs.position.lon).toBeLessThan(4.5);
        expect(obs.position.lat).toBeGreaterThan(50.7);
        expect(obs.position.lat).toBeLessThan(50.95);
      }
      const speedCameras = text.match(/k="highway" v="speed_camera"/g)?.length ?? 0;
      expect(speedCameras).toBeGreaterThan(0);
      const alprSpeed = result.observations.filter((o) => o.kind === 'alpr' && o.details.purpose === 'speed');
      expect(alprSpeed.length).toBeGreaterThanOrEqual(speedCameras);
      expect(result.observations.some((o) => o.kind === 'camera')).toBe(true);
      expect(new Set(result.observations.map((o) => o.id)).size).toBe(nodes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
