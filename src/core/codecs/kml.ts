/**
 * KML for Google Earth, uMap and QGIS: one Placemark per observation, named and described, with a
 * Style per kind in the kind's map colour, the record's fields as ExtendedData, and the time of the
 * observation (a TimeSpan for events with start and end).
 */
import type { Observation } from '../observation.ts';
import { KINDS, KIND_META, type Kind } from '../taxonomy.ts';
import { chunked } from './chunks.ts';
import { toFlatRecord, type RecordOptions } from './flat-record.ts';
import { cellText, recordDescription, recordName, type LabelOptions } from './record-text.ts';
import { escapeXml } from './xml-text.ts';

export interface KmlOptions extends RecordOptions, LabelOptions {
  documentName?: string;
}

/** "#rrggbb" as KML's "aabbggrr". */
export function kmlColor(hex: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`expected a colour like #c0392b, got ${hex}`);
  return `ff${m[3]}${m[2]}${m[1]}`.toLowerCase();
}

export const kmlStyleId = (kind: Kind): string => `kind-${kind}`;

function styles(): string {
  return KINDS.map(
    (kind) =>
      `<Style id="${kmlStyleId(kind)}"><IconStyle><color>${kmlColor(KIND_META[kind].color)}</color></IconStyle>` +
      `<LabelStyle><scale>0.8</scale></LabelStyle></Style>\n`,
  ).join('');
}

/**
 * KML viewers render a description as HTML: the text is escaped as HTML first (so a note holding
 * markup shows as text, never as markup), then as XML; line breaks become <br>.
 */
const htmlText = (text: string): string => escapeXml(text).replace(/\n/g, '<br>');

function placemark(obs: Observation, options: KmlOptions): string {
  const record = toFlatRecord(obs, options);
  const { start, end } = record;
  const time =
    typeof start === 'string' || typeof end === 'string'
      ? `<TimeSpan>${typeof start === 'string' ? `<begin>${escapeXml(start)}</begin>` : ''}${typeof end === 'string' ? `<end>${escapeXml(end)}</end>` : ''}</TimeSpan>`
      : `<TimeStamp><when>${escapeXml(String(record.observedAt))}</when></TimeStamp>`;
  const data = Object.entries(record)
    .filter(([name]) => name !== 'lat' && name !== 'lon')
    .map(([name, value]) => `<Data name="${name}"><value>${escapeXml(cellText(value))}</value></Data>`)
    .join('');
  return (
    `<Placemark id="obs-${escapeXml(obs.id)}"><name>${escapeXml(recordName(record, options))}</name>` +
    `<description>${escapeXml(htmlText(recordDescription(record)))}</description>${time}` +
    `<styleUrl>#${kmlStyleId(obs.kind)}</styleUrl><ExtendedData>${data}</ExtendedData>` +
    `<Point><coordinates>${record.lon},${record.lat}</coordinates></Point></Placemark>\n`
  );
}

function* kmlPieces(observations: Iterable<Observation>, options: KmlOptions): Generator<string> {
  // The namespace is a name, never fetched.
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>';
  yield `<name>${escapeXml(options.documentName ?? 'Contrechamp')}</name>\n${styles()}`;
  for (const obs of observations) {
    if (!obs.deleted) yield placemark(obs, options);
  }
  yield '</Document>\n</kml>\n';
}

export function* encodeKml(observations: Iterable<Observation>, options: KmlOptions = {}): Generator<string, void, undefined> {
  yield* chunked(kmlPieces(observations, options));
}
