/**
 * Makes the commune boundaries the product ships (src/core/data/brussels-communes.json) from the
 * UrbIS file in ../shared/data/: borders snapped and cleaned, then simplified by mapshaper
 * (Visvalingam, 8% of the vertices, shapes kept, shared borders kept as one line, ~1 m precision), with each commune's NIS code, French and Dutch names and its
 * area in km² measured by Turf on the full-detail polygons (geodesic, so density is not skewed by
 * the simplification).
 *
 *   npm run communes [-- <source.geojson>]
 *
 * Source: UrbIS® © Paradigm (Brussels Region), UrbIS open-data licence, attribution required; the
 * attribution travels in the file's `attribution` member and is shown by the public page.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import area from '@turf/area';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = process.argv[2] ?? path.join(ROOT, '../shared/data/brussels-communes.geojson');
const TARGET = path.join(ROOT, 'src/core/data/brussels-communes.json');
const ATTRIBUTION = 'UrbIS® © Paradigm (Brussels Region), UrbIS open-data licence';

interface SourceFeature {
  type: 'Feature';
  properties: { national_code: string; name_fr: string; name_nl: string };
  geometry: { type: 'MultiPolygon' | 'Polygon'; coordinates: unknown };
}

if (!fs.existsSync(SOURCE)) {
  console.error(`no source file at ${SOURCE}; pass the UrbIS communes GeoJSON as the argument`);
  process.exit(1);
}
const source = JSON.parse(fs.readFileSync(SOURCE, 'utf8')) as { features: SourceFeature[] };
const areas = new Map(source.features.map((f) => [f.properties.national_code, area(f as never) / 1e6]));

const simplified = path.join(fs.mkdtempSync(path.join(ROOT, 'node_modules/.cache-communes-')), 'out.json');
execFileSync(
  process.execPath,
  [
    path.join(ROOT, 'node_modules/mapshaper/bin/mapshaper'),
    '-i', SOURCE,
    // The UrbIS borders of neighbours do not meet exactly: snap them together and remove the
    // slivers first, so that the simplified communes still tile the Region without overlaps.
    'snap', 'snap-interval=0.000005',
    '-clean',
    '-simplify', 'visvalingam', 'weighted', '8%', 'keep-shapes',
    '-filter-fields', 'national_code,name_fr,name_nl',
    '-o', simplified, 'format=geojson', 'precision=0.00001',
  ],
  { stdio: 'inherit' },
);
const out = JSON.parse(fs.readFileSync(simplified, 'utf8')) as { features: SourceFeature[] };
fs.rmSync(path.dirname(simplified), { recursive: true, force: true });

const features = out.features
  .map((f) => ({
    type: 'Feature',
    properties: {
      nis: f.properties.national_code,
      name_fr: f.properties.name_fr,
      name_nl: f.properties.name_nl,
      area_km2: Math.round((areas.get(f.properties.national_code) ?? 0) * 1000) / 1000,
    },
    geometry: f.geometry,
  }))
  .sort((a, b) => a.properties.nis.localeCompare(b.properties.nis));
if (features.length !== 19) throw new Error(`expected the 19 communes of the Region, got ${features.length}`);
fs.mkdirSync(path.dirname(TARGET), { recursive: true });
fs.writeFileSync(TARGET, JSON.stringify({ type: 'FeatureCollection', attribution: ATTRIBUTION, features }) + '\n');
console.log(`${TARGET}: ${features.length} communes, ${fs.statSync(TARGET).size} bytes`);
