/** The export formats the UI offers: file extension, media type and encoder of each. */
import type { Observation } from '../observation.ts';
import { encodeCsv } from './csv.ts';
import { encodeGeoJson } from './geojson.ts';
import { encodeGpx } from './gpx.ts';
import { encodeKml } from './kml.ts';
import { encodeOsmXml, type OsmExportOptions } from './osm-xml.ts';
import type { LabelOptions } from './record-text.ts';
import type { RecordOptions } from './flat-record.ts';

export type ExportFormat = 'geojson' | 'csv' | 'osm' | 'kml' | 'gpx';
export type ExportOptions = RecordOptions & LabelOptions & OsmExportOptions;

export const EXPORT_FORMATS: Record<
  ExportFormat,
  { extension: string; mediaType: string; encode: (observations: Iterable<Observation>, options: ExportOptions) => Generator<string, void, undefined> }
> = {
  geojson: { extension: 'geojson', mediaType: 'application/geo+json', encode: encodeGeoJson },
  csv: { extension: 'csv', mediaType: 'text/csv;charset=utf-8', encode: encodeCsv },
  osm: { extension: 'osm', mediaType: 'application/vnd.openstreetmap.data+xml', encode: (obs, options) => encodeOsmXml(obs, options) },
  kml: { extension: 'kml', mediaType: 'application/vnd.google-earth.kml+xml', encode: encodeKml },
  gpx: { extension: 'gpx', mediaType: 'application/gpx+xml', encode: encodeGpx },
};

/** `contrechamp-YYYY-MM-DD.<ext>`, the day in the walker's local time. */
export function exportFileName(extension: string, now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `contrechamp-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${extension}`;
}
