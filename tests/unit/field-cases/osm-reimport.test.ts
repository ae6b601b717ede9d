/**
 * Importing the same OSM XML or Overpass JSON file twice changes nothing (cases 01, 04, 05): each
 * observation's id comes from its OSM element, so the second import, at another time, merges into
 * the first instead of doubling every node. Checked through the store's import on fake-indexeddb.
 */
import { describe, expect, it } from 'vitest';
import { osmElementId } from '../../../src/core/codecs/osm-elements.ts';
import { importOsmXml } from '../../../src/core/codecs/osm-xml.ts';
import { importOverpassJson } from '../../../src/core/codecs/overpass-json.ts';
import { applyImport, isEmptyPlan } from '../../../src/store/import.ts';
import { importNamespace } from '../../../src/store/meta.ts';
import { listObservations } from '../../../src/store/observations.ts';
import { at, useFreshDb } from '../store/fixtures.ts';
import { readFieldCase } from './field-case-files.ts';

const { db } = useFreshDb();

const FILES = [
  ['01-osm-direction-list', 'two-cameras-one-pole.osm'],
  ['04-overpass-remark-timeout', 'overpass-timeout.json'],
  ['04-overpass-remark-timeout', 'overpass-timeout.osm'],
  ['05-josm-deleted-elements', 'josm-session.osm'],
] as const;

const read = (file: string, text: string, now: Date, idNamespace: string) =>
  (file.endsWith('.json') ? importOverpassJson : importOsmXml)(text, { now, idNamespace });

describe('an OSM file imported twice', () => {
  for (const [folder, file] of FILES) {
    it(`${folder}/${file}: the second import, an hour later, changes nothing`, async (ctx) => {
      const text = readFieldCase(ctx, folder, file);
      const first = read(file, text, at(0), await importNamespace(db())).observations;
      expect(first.length).toBeGreaterThan(0);
      await applyImport(db(), { observations: first }, at(0));
      const stored = await listObservations(db());
      const again = await applyImport(db(), { observations: read(file, text, at(60), await importNamespace(db())).observations }, at(60));
      expect(again.totals).toEqual({ new: 0, updated: 0, unchanged: first.length, older: 0 });
      expect(isEmptyPlan(again)).toBe(true);
      expect(await listObservations(db())).toEqual(stored);
    });
  }
});

describe('osmElementId', () => {
  it('is the element for uploaded elements, whatever the file', () => {
    expect(osmElementId({ ref: 'node/123', lon: 4.35, lat: 50.84 })).toBe(osmElementId({ ref: 'node/123', lon: 4.36, lat: 50.85 }));
    expect(osmElementId({ ref: 'node/123', lon: 4.35, lat: 50.84 })).not.toBe(osmElementId({ ref: 'way/123', lon: 4.35, lat: 50.84 }));
  });

  it('keeps apart the file-local ids of different files (JOSM node/-1, a GeoJSON index)', () => {
    expect(osmElementId({ ref: 'node/-1', lon: 4.35, lat: 50.84 })).not.toBe(osmElementId({ ref: 'node/-1', lon: 4.36, lat: 50.84 }));
    expect(osmElementId({ ref: '#0', lon: 4.35, lat: 50.84 })).toBe(osmElementId({ ref: '#0', lon: 4.35, lat: 50.84 }));
  });

  it('differs from device to device, whose namespaces the server keeps apart', async () => {
    const mine = await importNamespace(db());
    expect(await importNamespace(db())).toBe(mine);
    const node = { ref: 'node/123', lon: 4.35, lat: 50.84 };
    expect(osmElementId(node, mine)).not.toBe(osmElementId(node, crypto.randomUUID()));
  });

  it('carries no time: a name-based UUID (version 5)', () => {
    expect(osmElementId({ ref: 'node/123', lon: 0, lat: 0 })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
