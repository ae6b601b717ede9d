/**
 * A route the visitor brings: a GPX file (tracks or routes, read by @tmcw/togeojson) or GeoJSON
 * (a LineString or MultiLineString, bare, in a Feature or in a FeatureCollection). At most
 * `ROUTE_LIMITS.bytes` and `ROUTE_LIMITS.points`; the file is read in the browser and never sent.
 */
import { ROUTE_LIMITS } from '../core/exposure.ts';
import { KeyedError } from '../core/keyed-error.ts';

export type RouteErrorKey = 'too_large' | 'too_many_points' | 'not_a_line' | 'unreadable';

export class RouteFileError extends KeyedError<RouteErrorKey> {
  override name = 'RouteFileError';
  constructor(key: RouteErrorKey) {
    super(key, `route file: ${key}`);
  }
}

export type Line = [number, number][];

const isPosition = (p: unknown): p is number[] =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

function collect(value: unknown, out: Line[]): void {
  if (!value || typeof value !== 'object') return;
  const v = value as { type?: unknown; coordinates?: unknown; geometry?: unknown; features?: unknown; geometries?: unknown };
  const asLine = (coords: unknown): void => {
    if (!Array.isArray(coords)) return;
    const line = coords.filter(isPosition).map((p) => [p[0], p[1]] as [number, number]);
    if (line.length >= 2) out.push(line);
  };
  if (v.type === 'LineString') asLine(v.coordinates);
  else if (v.type === 'MultiLineString' && Array.isArray(v.coordinates)) v.coordinates.forEach(asLine);
  else if (v.type === 'Feature') collect(v.geometry, out);
  else if (v.type === 'FeatureCollection' && Array.isArray(v.features)) v.features.forEach((f) => collect(f, out));
  else if (v.type === 'GeometryCollection' && Array.isArray(v.geometries)) v.geometries.forEach((g) => collect(g, out));
}

/** The lines of a route file. @throws RouteFileError (its `key` names the message to show). */
export async function readRouteFile(file: Blob): Promise<Line[]> {
  if (file.size > ROUTE_LIMITS.bytes) throw new RouteFileError('too_large');
  const text = await file.text();
  let data: unknown;
  if (/^\s*</.test(text)) {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length) throw new RouteFileError('unreadable');
    const { gpx } = await import('@tmcw/togeojson');
    data = gpx(doc);
  } else {
    try {
      data = JSON.parse(text);
    } catch {
      throw new RouteFileError('unreadable');
    }
  }
  const lines: Line[] = [];
  collect(data, lines);
  if (!lines.length) throw new RouteFileError('not_a_line');
  if (lines.reduce((n, l) => n + l.length, 0) > ROUTE_LIMITS.points) throw new RouteFileError('too_many_points');
  return lines;
}
