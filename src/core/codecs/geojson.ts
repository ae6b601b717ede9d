/**
 * GeoJSON (RFC 7946): the lossless backup format and the open-data feed. Longitude first, at most 7
 * decimals, no `crs`; properties are the flat record plus the OSM tags of the observation.
 */
import type { Observation } from '../observation.ts';
import { forEachOsmTag } from '../osm-tags.ts';
import { fromFlatRecord, isPublicRecord, roundCoordinate, toRecordProperties, type RecordOptions } from './flat-record.ts';
import { IMPORT_LIMITS, ImportError, SkipList, type ImportResult } from './import-result.ts';
import { isObject, parseJsonInput } from './json-input.ts';
import { observationFromOsmElement, type OsmImportOptions } from './osm-elements.ts';

export interface GeoJsonOptions extends RecordOptions {
  /** Add the OSM tags as properties (default true); a tag whose key is one of our fields is left out. */
  osmTags?: boolean;
}

function feature(obs: Observation, options: GeoJsonOptions): object {
  const properties: Record<string, unknown> = toRecordProperties(obs, options);
  if (options.osmTags !== false) {
    forEachOsmTag(obs, (key, value) => {
      if (!(key in properties)) properties[key] = value;
    });
  }
  return {
    type: 'Feature',
    id: obs.id,
    geometry: { type: 'Point', coordinates: [roundCoordinate(obs.position.lon), roundCoordinate(obs.position.lat)] },
    properties,
  };
}

// Features go to JSON.stringify by batches: a call per feature made the export about a third
// slower. Each batch is sized from the last one's text to give chunks of about CHUNK_CHARS.
const CHUNK_CHARS = 64 * 1024;
const FIRST_BATCH = 32;
const MAX_BATCH = 1024;

// JSON.stringify escapes every quote inside a string, so `{"type":"Feature"` can only open an
// object whose first member is type: a feature (properties open with id, geometries with Point).
// Between two of them goes a line break, one feature a line as before batching.
const BETWEEN_FEATURES = '},{"type":"Feature",';
const BETWEEN_FEATURE_LINES = '},\n{"type":"Feature",';

/**
 * A FeatureCollection as string chunks of about 64 K characters, one feature a line; tombstones are
 * kept (they are part of a lossless backup) except in public data.
 */
export function* encodeGeoJson(observations: Iterable<Observation>, options: GeoJsonOptions = {}): Generator<string, void, undefined> {
  let text = '{"type":"FeatureCollection","features":[';
  let separator = '\n';
  let batch: object[] = [];
  let size = FIRST_BATCH;
  const addBatch = (): void => {
    const lines = JSON.stringify(batch).slice(1, -1).replaceAll(BETWEEN_FEATURES, BETWEEN_FEATURE_LINES);
    size = Math.max(1, Math.min(MAX_BATCH, Math.round((size * CHUNK_CHARS) / lines.length)));
    text += separator + lines;
    separator = ',\n';
    batch = [];
  };
  for (const obs of observations) {
    if (obs.deleted && isPublicRecord(obs, options)) continue;
    batch.push(feature(obs, options));
    if (batch.length >= size) {
      addBatch();
      yield text;
      text = '';
    }
  }
  if (batch.length > 0) addBatch();
  yield `${text}\n]}\n`;
}

/** The coordinates of a point: a Point, or a MultiPoint of one position (RFC 7946 §3.1.3, as
 * shapefile-based tools write point layers); null for any other geometry. */
function pointOf(geometry: unknown): unknown {
  if (!isObject(geometry)) return null;
  if (geometry.type === 'Point') return geometry.coordinates;
  if (geometry.type === 'MultiPoint' && Array.isArray(geometry.coordinates) && geometry.coordinates.length === 1) return geometry.coordinates[0];
  return null;
}

const WGS84_LON_LAT = /^(urn:ogc:def:crs:OGC:1\.3:CRS84|urn:ogc:def:crs:OGC::CRS84|OGC:CRS84|urn:ogc:def:crs:EPSG::4326|EPSG:4326)$/i;

/** The name of a legacy `crs` member (GeoJSON 2008) that is not WGS84 longitude/latitude, or null. */
function otherCrs(data: Record<string, unknown>): string | null {
  const crs = data.crs;
  if (!isObject(crs)) return null;
  const name = isObject(crs.properties) && typeof crs.properties.name === 'string' ? crs.properties.name : JSON.stringify(crs).slice(0, 80);
  return WGS84_LON_LAT.test(name) ? null : name;
}

/**
 * Reads our own export back (records keep their id and version: merging is the store's job), and
 * also GeoJSON of OSM data whose properties are OSM tags (those become new "reported" observations).
 */
export function importGeoJson(text: string, options: OsmImportOptions = {}): ImportResult<Observation> {
  const data = parseJsonInput(text, options.maxBytes);
  let features: unknown[];
  if (isObject(data) && data.type === 'FeatureCollection' && Array.isArray(data.features)) features = data.features;
  else if (isObject(data) && data.type === 'Feature') features = [data];
  else throw new ImportError('import.unknownFormat', 'expected a GeoJSON FeatureCollection or Feature');
  const crs = otherCrs(data);
  if (crs) throw new ImportError('import.otherCrs', `coordinates in ${crs}, expected WGS84 longitude/latitude (CRS84)`, { crs });

  const observations: Observation[] = [];
  const skipped = new SkipList();
  const unknownTags: Record<string, number> = {};
  features.forEach((feature, index) => {
    if (index >= IMPORT_LIMITS.maxRecords) {
      skipped.add(index, 'import.tooManyRecords', { max: IMPORT_LIMITS.maxRecords });
      return;
    }
    if (!isObject(feature) || feature.type !== 'Feature') {
      skipped.add(index, 'import.invalidRecord', { field: 'type' });
      return;
    }
    const geometry = feature.geometry;
    const coords = pointOf(geometry);
    if (coords === null) {
      const type = isObject(geometry) && typeof geometry.type === 'string' ? geometry.type : 'null';
      skipped.add(index, 'import.wrongGeometry', { type });
      return;
    }
    if (!Array.isArray(coords) || coords.length < 2 || typeof coords[0] !== 'number' || typeof coords[1] !== 'number') {
      skipped.add(index, 'import.invalidRecord', { field: 'coordinates' });
      return;
    }
    const [lon, lat] = coords as [number, number];
    const properties = isObject(feature.properties) ? feature.properties : {};
    // Ours: `kind` and an id, in the properties as we write it, or only on the Feature (RFC 7946
    // §3.2), where GDAL, and so QGIS, moves it when they save the file again.
    const id = typeof properties.id === 'string' ? properties.id : typeof feature.id === 'string' ? feature.id : null;
    if (typeof properties.kind === 'string' && id !== null) {
      const outcome = fromFlatRecord({ ...properties, id, lon, lat });
      if (outcome.ok) observations.push(outcome.observation);
      else skipped.add(index, outcome.reason, outcome.params);
      return;
    }
    // Not ours: read the properties as OSM tags (an Overpass or Sunders export converted to GeoJSON).
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(properties)) {
      if (typeof value === 'string' || typeof value === 'number') tags[key] = String(value);
    }
    const ref = typeof feature.id === 'string' || typeof feature.id === 'number' ? String(feature.id) : `#${index}`;
    const outcome = observationFromOsmElement({ ref, lon, lat, tags }, options);
    if (outcome.ok) {
      observations.push(outcome.observation);
      for (const key of outcome.unknownTags) unknownTags[key] = (unknownTags[key] ?? 0) + 1;
    } else {
      skipped.add(index, outcome.reason, outcome.params);
    }
  });
  return { observations, skipped: skipped.listed, skippedTotal: skipped.total, unknownTags };
}
