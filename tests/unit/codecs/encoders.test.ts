import { describe, expect, it } from 'vitest';
import { chunked, collect } from '../../../src/core/codecs/chunks.ts';
import { CSV_COLUMNS, encodeCsv, parseCsvRows } from '../../../src/core/codecs/csv.ts';
import { neutraliseText, restoreText } from '../../../src/core/codecs/csv-cells.ts';
import { readmeText } from '../../../src/core/codecs/readme-text.ts';
import { KINDS } from '../../../src/core/taxonomy.ts';
import { exportFileName } from '../../../src/core/codecs/export-formats.ts';
import { encodeGeoJson } from '../../../src/core/codecs/geojson.ts';
import { encodeGpx } from '../../../src/core/codecs/gpx.ts';
import { encodeKml, kmlColor } from '../../../src/core/codecs/kml.ts';
import { encodeOsmXml } from '../../../src/core/codecs/osm-xml.ts';
import { escapeXml } from '../../../src/core/codecs/xml-text.ts';
import { newObservation } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';

const at = new Date('2026-05-01T14:32:10.000Z');
const camera = newObservation(
  {
    kind: 'camera',
    position: { lon: -0.12345678, lat: 50.85034, accuracy: 4, source: 'gps' },
    details: { direction: [{ bearing: 90 }], operator: '=HYPERLINK("x")', height: 4.5 },
    notes: '-1+1',
    observedAt: '2026-05-01T16:32:10+02:00',
    walkId: '01900000-0000-7000-8000-000000000001',
  },
  at,
);
const drone = newObservation(
  {
    kind: 'drone',
    position: { lon: 4.35, lat: 50.84, accuracy: null, source: 'manual' },
    details: { start: '2026-05-01T14:00:00Z', end: '2026-05-01T15:00:00Z' },
    observedAt: '2026-05-01T14:10:00Z',
  },
  at,
);

const csvRows = (observations: Observation[]): Record<string, string>[] => {
  const [header, ...rows] = Array.from(parseCsvRows(collect(encodeCsv(observations))));
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i] as string])));
};

describe('CSV', () => {
  it('starts with a BOM and a header, ends rows with CRLF', () => {
    const text = collect(encodeCsv([camera]));
    expect(text.startsWith('\uFEFFid,kind,lat,lon,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(collect(encodeCsv([camera], { bom: false })).startsWith('id,')).toBe(true);
  });

  it('neutralises text cells that start a formula but keeps negative numbers as numbers', () => {
    const [row] = csvRows([camera]);
    expect(row?.lon).toBe('-0.1234568');
    expect(row?.operator).toBe(`'=HYPERLINK("x")`);
    expect(row?.notes).toBe("'-1+1");
    expect(row?.direction).toBe('90');
    expect(row?.height).toBe('4.5');
  });

  it('quotes cells with commas, quotes and line breaks (RFC 4180)', () => {
    const obs = { ...camera, notes: 'a, "b"\nc' };
    expect(collect(encodeCsv([obs]))).toContain('"a, ""b""\nc"');
    expect(csvRows([obs])[0]?.notes).toBe('a, "b"\nc');
  });

  it('escapes and restores exactly', () => {
    for (const text of ['=1', '+1', '-1', '@a', '\tx', '\rx', "'", "''", "'a", 'plain', '']) {
      expect(restoreText(neutraliseText(text))).toBe(text);
      expect(neutraliseText(text)).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});

describe('public data', () => {
  it('shows the day of a fixed device, not the time, and leaves the walk out', () => {
    const doc = JSON.parse(collect(encodeGeoJson([camera, drone], { publicData: true }))) as {
      features: { properties: Record<string, unknown> }[];
    };
    const [cam, dr] = doc.features.map((f) => f.properties);
    expect(cam).toMatchObject({ observedAt: '2026-05-01', createdAt: '2026-05-01', updatedAt: '2026-05-01' });
    expect(cam).not.toHaveProperty('walkId');
    expect(JSON.stringify(cam)).not.toMatch(/T\d\d:/);
    // Events keep their time window.
    expect(dr).toMatchObject({ observedAt: '2026-05-01T14:10:00Z', start: '2026-05-01T14:00:00Z', end: '2026-05-01T15:00:00Z' });
    expect(collect(encodeGpx([camera], { publicData: true }))).not.toContain('<time>');
    expect(collect(encodeCsv([camera], { publicData: true }))).not.toMatch(/T\d\d:\d\d/);
  });

  it('gives the Brussels day, the one the server open-data feed gives', () => {
    const lateEvening = { ...camera, observedAt: '2026-11-28T23:10:00Z', createdAt: '2026-11-28T23:10:00Z', updatedAt: '2026-11-28T23:10:00Z' };
    const doc = JSON.parse(collect(encodeGeoJson([lateEvening], { publicData: true }))) as {
      features: { properties: Record<string, unknown> }[];
    };
    // 00:10 in Brussels: already the 29th there, though still the 28th in UTC.
    expect(doc.features[0]?.properties).toMatchObject({ observedAt: '2026-11-29', createdAt: '2026-11-29', updatedAt: '2026-11-29' });
  });

  it('drops tombstones from public data', () => {
    const doc = JSON.parse(collect(encodeGeoJson([{ ...camera, deleted: true }], { publicData: true }))) as { features: unknown[] };
    expect(doc.features).toEqual([]);
  });
});

describe('XML formats', () => {
  it('escapes markup and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">&'\u0001\uD800ok</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;ok&lt;/a&gt;');
    expect(escapeXml('📷 é')).toBe('📷 é');
  });

  it('KML: a style per kind in its colour, placemarks styled, named and timed', () => {
    const kml = collect(encodeKml([camera, drone], { kindLabel: (k) => (k === 'camera' ? 'Caméra' : 'Drone') }));
    expect(kmlColor('#c0392b')).toBe('ff2b39c0');
    expect(kml).toContain('<Style id="kind-camera"><IconStyle><color>ff2b39c0</color>');
    expect(kml).toContain('<styleUrl>#kind-camera</styleUrl>');
    expect(kml).toContain('<name>Caméra · =HYPERLINK(&quot;x&quot;)</name>');
    expect(kml).toContain('<TimeSpan><begin>2026-05-01T14:00:00Z</begin><end>2026-05-01T15:00:00Z</end></TimeSpan>');
    expect(kml).toContain('<coordinates>-0.1234568,50.85034</coordinates>');
  });

  it('KML: markup in a note is shown as text, never rendered as HTML', () => {
    const kml = collect(encodeKml([{ ...camera, notes: '<img src=x onerror=alert(1)>\nnext' }]));
    // XML-unescaped once, the description is HTML whose text is the note.
    expect(kml).toContain('notes: &amp;lt;img src=x onerror=alert(1)&amp;gt;&lt;br&gt;next');
    const description = /<description>(.*?)<\/description>/s.exec(kml)?.[1] ?? '';
    expect(description).not.toContain('&lt;img');
  });

  it('GPX: waypoints with a UTC time', () => {
    const gpx = collect(encodeGpx([camera]));
    expect(gpx).toContain('<wpt lat="50.85034" lon="-0.1234568"><time>2026-05-01T14:32:10.000Z</time>');
    expect(gpx).toContain('<type>camera</type>');
  });

  it('OSM XML: negative ids, never uploaded, fixed devices only', () => {
    const xml = collect(encodeOsmXml([camera, drone, camera]));
    expect(xml).toContain('<osm version="0.6" generator="Contrechamp" upload="never">');
    expect(xml.match(/<node id="(-\d+)"/g)).toEqual(['<node id="-1"', '<node id="-2"']);
    expect(xml).toContain('<tag k="man_made" v="surveillance"/>');
    expect(xml).toContain('<tag k="camera:direction" v="90"/>');
    expect(xml).not.toContain('check_date');
  });

  it('OSM XML: check_date is the day the collective last confirmed the device', () => {
    const xml = collect(encodeOsmXml([camera], { checkDates: new Map([[camera.id, '2026-11-20']]) }));
    expect(xml).toContain('<tag k="check_date" v="2026-11-20"/>');
  });
});

describe('streaming', () => {
  it('yields chunks of bounded size, never one big string', () => {
    const many = Array.from({ length: 2000 }, () => camera);
    const chunks = Array.from(encodeGeoJson(many));
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(70 * 1024);
    expect(Array.from(chunked(['a', 'b', 'c'], 2))).toEqual(['ab', 'c']);
  });

  it('reads a lazy iterable only once, as it goes', () => {
    let pulled = 0;
    function* source(): Generator<Observation> {
      for (let i = 0; i < 3000; i += 1) {
        pulled += 1;
        yield camera;
      }
    }
    const chunks = encodeCsv(source());
    chunks.next();
    expect(pulled).toBeLessThan(3000);
  });
});

it('names files contrechamp-YYYY-MM-DD.<ext>', () => {
  expect(exportFileName('geojson', new Date(2026, 0, 5, 12))).toBe('contrechamp-2026-01-05.geojson');
});

describe('readmeText', () => {
  it.each(['fr', 'nl', 'en'] as const)('explains every column of the export in %s', (lang) => {
    const text = readmeText(lang);
    for (const column of CSV_COLUMNS) expect(text).toContain(`- ${column}: `);
    for (const kind of KINDS) expect(text).toContain(`- ${kind}: `);
    expect(text).toContain('photos/');
  });
  it('is written in each language', () => {
    expect(readmeText('fr')).toContain('Champs');
    expect(readmeText('nl')).toContain('Velden');
    expect(readmeText('en')).toContain('Fields');
  });
  it('names the files of the bundle', () => {
    expect(readmeText('en')).toContain('- contrechamp.geojson: ');
    expect(readmeText('nl', { geojson: 'x.geojson' })).toContain('- x.geojson: ');
  });
});

it('readmeText uses CRLF line ends only', () => {
  expect(readmeText('en')).not.toMatch(/[^\r]\n/);
});
