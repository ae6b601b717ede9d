/**
 * Overpass API JSON (`[out:json]`) of surveillance nodes, and of ways or relations queried with
 * `out center`, as new "reported" observations.
 */
import type { Observation } from '../observation.ts';
import { ImportError, type ImportResult } from './import-result.ts';
import { isObject, parseJsonInput } from './json-input.ts';
import { ElementCollector, type OsmImportOptions } from './osm-elements.ts';

function stringTags(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!isObject(value)) return tags;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') tags[k] = v;
  return tags;
}

export function importOverpassJson(text: string, options: OsmImportOptions = {}): ImportResult<Observation> {
  const data = parseJsonInput(text, options.maxBytes);
  if (!isObject(data) || !Array.isArray(data.elements)) {
    throw new ImportError('import.unknownFormat', 'expected Overpass JSON with an "elements" array');
  }
  const collector = new ElementCollector(options);
  data.elements.forEach((element: unknown, index: number) => {
    if (!isObject(element)) return;
    const type = typeof element.type === 'string' ? element.type : 'unknown';
    if (element.visible === false) {
      collector.deleted(index, `${type}/${String(element.id)}`);
      return;
    }
    const centre = isObject(element.center) ? element.center : element;
    const lat = typeof centre.lat === 'number' ? centre.lat : Number.NaN;
    const lon = typeof centre.lon === 'number' ? centre.lon : Number.NaN;
    const timestamp = typeof element.timestamp === 'string' ? element.timestamp : undefined;
    collector.add(index, type, {
      ref: `${type}/${String(element.id)}`,
      lat,
      lon,
      tags: stringTags(element.tags),
      ...(timestamp ? { timestamp } : {}),
    });
  });
  // Overpass reports a timeout or a memory limit in `remark`, with a 200 status.
  return collector.result(typeof data.remark === 'string' && data.remark.trim() ? data.remark.trim() : undefined);
}
