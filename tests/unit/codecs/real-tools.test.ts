/**
 * Every export is read back by the tools the GIS and OSM world uses (Debian's gdal-bin and
 * osmium-tool, installed by scripts/install-system-deps.sh), not only by our own readers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, encodeCsv } from '../../../src/core/codecs/csv.ts';
import { encodeGeoJson, importGeoJson } from '../../../src/core/codecs/geojson.ts';
import { encodeGpx } from '../../../src/core/codecs/gpx.ts';
import { encodeKml } from '../../../src/core/codecs/kml.ts';
import { encodeOsmXml } from '../../../src/core/codecs/osm-xml.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { isEventKind } from '../../../src/core/taxonomy.ts';
import { sampleObservations } from './observation-arbitraries.ts';

function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const haveOgr = hasTool('ogrinfo');
const haveOsmium = hasTool('osmium');
if (!haveOgr || !haveOsmium) {
  console.warn('real-tools tests skipped: install gdal-bin and osmium-tool (scripts/install-system-deps.sh)');
}

interface LayerSummary {
  name: string;
  geometry: string;
  count: number;
  fields: string[];
}

/** Layers of `ogrinfo -ro -al -so` output: name, geometry, feature count and field names. */
function ogrLayers(file: string, ...openOptions: string[]): LayerSummary[] {
  const out = execFileSync('ogrinfo', ['-ro', '-al', '-so', ...openOptions, file], { encoding: 'utf8' });
  const layers: LayerSummary[] = [];
  for (const block of out.split(/^Layer name: /m).slice(1)) {
    const lines = block.split('\n');
    const fields = lines
      .map((line) => /^(\S.*?): (String|Integer|Integer64|Real|Date|DateTime|Time|StringList|IntegerList|RealList|Integer64List)\b/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => m[1] as string);
    layers.push({
      name: (lines[0] ?? '').trim(),
      geometry: /^Geometry: (.*)$/m.exec(block)?.[1] ?? '',
      count: Number(/^Feature Count: (\d+)$/m.exec(block)?.[1] ?? Number.NaN),
      fields,
    });
  }
  return layers;
}

const write = (path: string, chunks: Iterable<string>): void => writeFileSync(path, Array.from(chunks).join(''));

describe.skipIf(!haveOgr || !haveOsmium)('exports read by real tools', () => {
  let dir = '';
  let data: Observation[] = [];
  let live: Observation[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'contrechamp-codecs-'));
    // A reproducible dataset of every kind, with a few tombstones (the GeoJSON backup keeps them).
    data = sampleObservations(240, 7).map((obs, i) => (i % 40 === 0 ? { ...obs, deleted: true } : obs));
    live = data.filter((obs) => !obs.deleted);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ogrinfo reads the GeoJSON: every feature, our fields and the OSM tags', () => {
    const file = join(dir, 'export.geojson');
    write(file, encodeGeoJson(data));
    const [layer] = ogrLayers(file);
    expect(layer?.geometry).toBe('Point');
    expect(layer?.count).toBe(data.length);
    expect(layer?.fields).toEqual(expect.arrayContaining(['id', 'kind', 'observedAt', 'certainty', 'notes', 'photos', 'man_made', 'surveillance:type']));
  });

  it('ogr2ogr re-saving the GeoJSON (as QGIS saves it) changes nothing we read back', () => {
    const file = join(dir, 'backup.geojson');
    const resaved = join(dir, 'backup-resaved.geojson');
    write(file, encodeGeoJson(data));
    execFileSync('ogr2ogr', ['-f', 'GeoJSON', resaved, file]);
    const back = importGeoJson(readFileSync(resaved, 'utf8'));
    expect(back.skipped).toEqual([]);
    // GDAL moves the id to the Feature and writes instants without zero milliseconds.
    const instants = (o: object) => JSON.parse(JSON.stringify(o), (_k, v: unknown) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : v));
    expect(back.observations.map(instants)).toEqual(importGeoJson(readFileSync(file, 'utf8')).observations.map(instants));
  });

  it('ogrinfo reads the CSV as points from its lat/lon columns', () => {
    const file = join(dir, 'export.csv');
    write(file, encodeCsv(data));
    const [layer] = ogrLayers(file, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat');
    expect(layer?.geometry).toBe('Point');
    expect(layer?.count).toBe(live.length);
    // The byte-order mark must not leak into the first column's name.
    expect(layer?.fields).toEqual([...CSV_COLUMNS]);
  });

  it('ogrinfo reads the KML: a placemark per observation with its extended data', () => {
    const file = join(dir, 'export.kml');
    write(file, encodeKml(data));
    const layers = ogrLayers(file);
    expect(layers.reduce((n, layer) => n + layer.count, 0)).toBe(live.length);
    expect(layers[0]?.fields).toEqual(expect.arrayContaining(['id', 'kind', 'observedAt', 'notes']));
    expect(layers[0]?.fields.map((f) => f.toLowerCase())).toEqual(expect.arrayContaining(['name', 'description']));
  });

  it('ogrinfo reads the GPX waypoints with name, desc, time and type', () => {
    const file = join(dir, 'export.gpx');
    write(file, encodeGpx(data));
    const waypoints = ogrLayers(file).find((layer) => layer.name === 'waypoints');
    expect(waypoints?.count).toBe(live.length);
    expect(waypoints?.fields).toEqual(expect.arrayContaining(['name', 'desc', 'time', 'type']));
  });

  it('osmium reads the OSM XML: one node per fixed device, no events', () => {
    const file = join(dir, 'export.osm');
    write(file, encodeOsmXml(data));
    const info = execFileSync('osmium', ['fileinfo', '-e', file], { encoding: 'utf8' });
    const nodes = Number(/Number of nodes: (\d+)/.exec(info)?.[1]);
    expect(nodes).toBe(live.filter((obs) => !isEventKind(obs.kind)).length);
    expect(nodes).toBeGreaterThan(0);
    expect(info).toMatch(/Smallest node ID: -\d+/);
  });
});
