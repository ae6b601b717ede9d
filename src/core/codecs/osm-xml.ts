/**
 * OSM XML: the export for JOSM (fixed devices as new nodes with negative ids, `upload="never"` so
 * JOSM refuses to upload it as is), and the import of surveillance nodes from OSM or Overpass XML.
 * The reader is streaming (feed it the file chunk by chunk) and refuses any DOCTYPE, so no entity
 * can be declared, let alone expanded.
 */
import sax from 'sax';
import type { Observation } from '../observation.ts';
import { toOsmTags } from '../osm-tags.ts';
import { isEventKind } from '../taxonomy.ts';
import { chunked } from './chunks.ts';
import { roundCoordinate } from './flat-record.ts';
import { IMPORT_LIMITS, ImportError, type ImportResult } from './import-result.ts';
import { ElementCollector, type OsmImportOptions } from './osm-elements.ts';
import { escapeXml } from './xml-text.ts';

export interface OsmExportOptions {
  /** The day each device was last confirmed by the collective (id → `YYYY-MM-DD`), written as
   * `check_date` (OSM wiki, Key:check_date). */
  checkDates?: ReadonlyMap<string, string>;
}

function* osmXmlPieces(observations: Iterable<Observation>, options: OsmExportOptions): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="Contrechamp" upload="never">\n';
  let id = 0;
  for (const obs of observations) {
    // Events (drones, mobile units) are not map features; tombstones are gone.
    if (obs.deleted || isEventKind(obs.kind)) continue;
    id -= 1;
    const checkDate = options.checkDates?.get(obs.id);
    const tags = Object.entries({ ...toOsmTags(obs), ...(checkDate ? { check_date: checkDate } : {}) })
      .map(([k, v]) => `  <tag k="${escapeXml(k)}" v="${escapeXml(v)}"/>\n`)
      .join('');
    yield `<node id="${id}" lat="${roundCoordinate(obs.position.lat)}" lon="${roundCoordinate(obs.position.lon)}">\n${tags}</node>\n`;
  }
  yield '</osm>\n';
}

/** Fixed devices only (no events, no tombstones), numbered -1, -2, … in the order given. */
export function* encodeOsmXml(observations: Iterable<Observation>, options: OsmExportOptions = {}): Generator<string, void, undefined> {
  yield* chunked(osmXmlPieces(observations, options));
}

export interface OsmXmlReader {
  /** Feed the next piece of text (any split, even inside a tag). Throws ImportError. */
  write(chunk: string): void;
  /** Ends the input and returns what was read. Throws ImportError on a truncated document. */
  finish(): ImportResult<Observation>;
}

interface Pending {
  type: string;
  id: string;
  lat: number;
  lon: number;
  timestamp: string | undefined;
  tags: Record<string, string>;
  /** Marked deleted in the file: JOSM's `action="delete"`, or `visible="false"` (history, API). */
  deleted: boolean;
}

export function createOsmXmlReader(options: OsmImportOptions = {}): OsmXmlReader {
  const maxBytes = options.maxBytes ?? IMPORT_LIMITS.maxBytes;
  const collector = new ElementCollector(options);
  const parser = sax.parser(true, { strictEntities: true, position: true });
  let length = 0;
  let sawRoot = false;
  let pending: Pending | null = null;
  let index = 0;
  // Overpass reports a timeout or a memory limit in a <remark>, with a 200 status.
  let remark: string | null = null;
  let inRemark = false;

  const fail = (key: 'import.malformed' | 'import.doctypeRefused', detail: string): never => {
    throw new ImportError(key, `${detail} (line ${parser.line + 1})`, { line: parser.line + 1 });
  };
  parser.onerror = (error) => fail('import.malformed', error.message.split('\n')[0] ?? 'XML error');
  parser.ondoctype = () => fail('import.doctypeRefused', 'a DOCTYPE may declare entities; OSM files have none');
  parser.onsgmldeclaration = () => fail('import.doctypeRefused', 'SGML declarations are not allowed');
  parser.onopentag = (tag) => {
    if (!sawRoot) {
      sawRoot = true;
      if (tag.name !== 'osm') throw new ImportError('import.unknownFormat', `expected an <osm> root element, got <${tag.name}>`);
      return;
    }
    const a = tag.attributes;
    if (tag.name === 'node' || tag.name === 'way' || tag.name === 'relation') {
      pending = {
        type: tag.name,
        id: a.id ?? '?',
        lat: a.lat === undefined ? Number.NaN : Number(a.lat),
        lon: a.lon === undefined ? Number.NaN : Number(a.lon),
        timestamp: a.timestamp,
        tags: {},
        deleted: a.action === 'delete' || a.visible === 'false',
      };
    } else if (tag.name === 'remark') {
      inRemark = true;
      remark ??= '';
    } else if (tag.name === 'center' && pending) {
      // Overpass `out center` puts a way's or relation's centre here.
      pending.lat = Number(a.lat);
      pending.lon = Number(a.lon);
    } else if (tag.name === 'tag' && pending && a.k !== undefined && a.v !== undefined) {
      pending.tags[a.k] = a.v;
    }
  };
  parser.ontext = (text) => {
    if (inRemark) remark += text;
  };
  parser.onclosetag = (name) => {
    if (name === 'remark') inRemark = false;
    if (!pending || name !== pending.type) return;
    const element = pending;
    pending = null;
    if (element.deleted) {
      collector.deleted(index++, `${element.type}/${element.id}`);
      return;
    }
    collector.add(index, element.type, {
      ref: `${element.type}/${element.id}`,
      lat: element.lat,
      lon: element.lon,
      tags: element.tags,
      ...(element.timestamp ? { timestamp: element.timestamp } : {}),
    });
    index += 1;
  };

  return {
    write(chunk) {
      length += chunk.length;
      if (length > maxBytes) {
        throw new ImportError('import.tooLarge', `input exceeds ${maxBytes} characters`, { max: maxBytes });
      }
      parser.write(chunk);
    },
    finish() {
      parser.close();
      if (!sawRoot) throw new ImportError('import.empty', 'no XML element found');
      return collector.result(remark?.trim() || undefined);
    },
  };
}

/** The whole OSM XML text (or its chunks, for example decoded from a File stream). */
export function importOsmXml(input: string | Iterable<string>, options: OsmImportOptions = {}): ImportResult<Observation> {
  const reader = createOsmXmlReader(options);
  if (typeof input === 'string') reader.write(input);
  else for (const chunk of input) reader.write(chunk);
  return reader.finish();
}
