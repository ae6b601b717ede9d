/**
 * GPX 1.1 waypoints for GPS apps (OsmAnd, Organic Maps…): name, time (UTC), description, and the
 * kind as the waypoint type. In public data a fixed device has no time of day, so no <time>.
 */
import type { Observation } from '../observation.ts';
import { chunked } from './chunks.ts';
import { toFlatRecord, type RecordOptions } from './flat-record.ts';
import { recordDescription, recordName, type LabelOptions } from './record-text.ts';
import { escapeXml } from './xml-text.ts';

export interface GpxOptions extends RecordOptions, LabelOptions {}

const FULL_DATETIME = /^\d{4}-\d{2}-\d{2}T/;

function waypoint(obs: Observation, options: GpxOptions): string {
  const record = toFlatRecord(obs, options);
  const observed = String(record.observedAt);
  // GPX times are UTC; our stamps may carry the walker's offset.
  const time = FULL_DATETIME.test(observed) ? `<time>${new Date(observed).toISOString()}</time>` : '';
  return (
    `<wpt lat="${record.lat}" lon="${record.lon}">${time}<name>${escapeXml(recordName(record, options))}</name>` +
    `<desc>${escapeXml(recordDescription(record))}</desc><type>${obs.kind}</type></wpt>\n`
  );
}

function* gpxPieces(observations: Iterable<Observation>, options: GpxOptions): Generator<string> {
  // The namespace is a name, never fetched.
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Contrechamp" xmlns="http://www.topografix.com/GPX/1/1">\n';
  yield '<metadata><name>Contrechamp</name></metadata>\n';
  for (const obs of observations) {
    if (!obs.deleted) yield waypoint(obs, options);
  }
  yield '</gpx>\n';
}

export function* encodeGpx(observations: Iterable<Observation>, options: GpxOptions = {}): Generator<string, void, undefined> {
  yield* chunked(gpxPieces(observations, options));
}
