/** Which importer reads a file: guessed from its name and first characters, so the UI has one file input. */
import type { Observation } from '../observation.ts';
import { importCsv } from './csv.ts';
import { importGeoJson } from './geojson.ts';
import { ImportError, type ImportResult } from './import-result.ts';
import type { OsmImportOptions } from './osm-elements.ts';
import { importOsmXml } from './osm-xml.ts';
import { importOverpassJson } from './overpass-json.ts';

export type ImportFormat = 'geojson' | 'overpass-json' | 'osm-xml' | 'csv';

/**
 * `head` is the start of the decoded text (a kilobyte or so). Returns 'zip' for a bundle (the app
 * unpacks it and imports its GeoJSON), or null for a file no importer reads.
 */
export function sniffImportFormat(fileName: string, head: string): ImportFormat | 'zip' | null {
  const name = fileName.toLowerCase();
  if (name.endsWith('.zip')) return 'zip';
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<')) return /<osm[\s>]/.test(text) ? 'osm-xml' : null;
  if (text.startsWith('{')) {
    if (/"elements"\s*:/.test(text)) return 'overpass-json';
    if (/"type"\s*:\s*"(FeatureCollection|Feature)"/.test(text) || /\.(geo)?json$/.test(name)) return 'geojson';
    return null;
  }
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  if (name.endsWith('.csv') || /(^|[,;\t])lat([,;\t]|$)/.test(header)) return 'csv';
  return null;
}

export function importText(format: ImportFormat, text: string, options: OsmImportOptions = {}): ImportResult<Observation> {
  switch (format) {
    case 'geojson':
      return importGeoJson(text, options);
    case 'overpass-json':
      return importOverpassJson(text, options);
    case 'osm-xml':
      return importOsmXml(text, options);
    case 'csv':
      return importCsv(text, options);
    default:
      throw new ImportError('import.unknownFormat', `no importer for ${String(format)}`);
  }
}
