/**
 * One OpenStreetMap element (from OSM XML, Overpass JSON or OSM-tagged GeoJSON) as a new observation
 * with the certainty "reported": the collective did not see it, OSM says it is there. Its id comes
 * from the element, so a file imported twice merges rather than doubling.
 */
import { v5 as uuidv5 } from 'uuid';
import { newObservation } from '../observation-factory.ts';
import { LIMITS, type Details, type Observation } from '../observation.ts';
import { fromOsmTags } from '../osm-tags.ts';
import { isEventKind, type Kind } from '../taxonomy.ts';
import { IMPORT_LIMITS, SkipList, type ImportResult, type SkipReason } from './import-result.ts';

export interface OsmElement {
  /** `node/123` (or `way/…` with a centre from Overpass): named in notes and skip messages. */
  ref: string;
  lon: number;
  lat: number;
  tags: Record<string, string>;
  /** The element's last edit, when the file has it: the best "observed at" we know. */
  timestamp?: string;
}

export interface OsmImportOptions {
  /** Clock for observedAt (when the element has no timestamp), createdAt and updatedAt. */
  now?: Date;
  maxBytes?: number;
  /**
   * A UUID of this device for the ids of OSM elements (osmElementId): the same element gets the
   * same id on this device, another on others, since the server keeps an observation to the device
   * that sent it first and would refuse a second device's copy of the same id.
   */
  idNamespace?: string;
}

export type OsmOutcome =
  | { ok: true; observation: Observation; unknownTags: string[] }
  | { ok: false; reason: SkipReason; params: Record<string, string | number> };

/** Default UUIDv5 namespace of OSM elements: v5('https://www.openstreetmap.org/', the RFC 9562 URL namespace). */
export const OSM_NAMESPACE = '56bfad28-f49b-5d2e-97d3-bdaee54f3187';

/**
 * The observation id of an OSM element: a UUIDv5 (RFC 9562, name-based, no time in it) of its ref
 * (`node/123`), so that importing the same element again merges into the same observation. Any
 * other ref (a negative id JOSM has not uploaded yet, a GeoJSON feature's bare number or index)
 * means something only inside its file, so the coordinates are part of the name: the same file
 * merges, another file's `node/-1` stays apart. `namespace` (a UUID) is the device's own (see
 * OsmImportOptions.idNamespace); the default serves files read outside the app.
 */
export function osmElementId(element: Pick<OsmElement, 'ref' | 'lon' | 'lat'>, namespace: string = OSM_NAMESPACE): string {
  const uploaded = /^(node|way|relation)\/\d+$/.test(element.ref);
  return uuidv5(uploaded ? element.ref : `${element.ref}@${element.lon},${element.lat}`, namespace);
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Speed cameras are tagged outside the surveillance scheme; they are ANPR-like devices for us. */
function isSpeedEnforcement(tags: Readonly<Record<string, string>>): boolean {
  return tags.highway === 'speed_camera' || tags.enforcement !== undefined;
}

const SPEED_KEYS = new Set(['highway', 'enforcement']);

interface Mapped {
  kind: Kind;
  details: Details;
  notes: string | undefined;
  unknownTags: string[];
}

function mapTags(tags: Readonly<Record<string, string>>): Mapped | null {
  if (isSpeedEnforcement(tags)) {
    // Read direction, operator… through the ALPR mapping, then set the purpose the issue asks for.
    const reading = fromOsmTags({ ...tags, man_made: 'surveillance', 'surveillance:type': 'ALPR' });
    if (reading?.kind === 'alpr') {
      return {
        kind: 'alpr',
        // An explicit contrechamp:purpose (section_control…) is more precise than the default.
        details: { ...reading.details, purpose: reading.details.purpose ?? 'speed' },
        notes: reading.notes,
        unknownTags: reading.ignored.map((t) => t.key).filter((key) => !SPEED_KEYS.has(key) && key in tags),
      };
    }
  }
  const reading = fromOsmTags(tags);
  if (!reading) return null;
  return { kind: reading.kind, details: reading.details, notes: reading.notes, unknownTags: reading.ignored.map((t) => t.key) };
}

function provenanceNotes(description: string | undefined, ref: string): string {
  const origin = `OSM ${ref}`;
  if (!description) return origin;
  return `${description.slice(0, LIMITS.notes - origin.length - 2)}\n\n${origin}`;
}

export function observationFromOsmElement(element: OsmElement, options: OsmImportOptions = {}): OsmOutcome {
  const { lon, lat, ref, tags } = element;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    return { ok: false, reason: 'import.coordinatesOutOfRange', params: { ref, lon, lat } };
  }
  const mapped = mapTags(tags);
  if (!mapped) return { ok: false, reason: 'import.notSurveillance', params: { ref } };
  if (isEventKind(mapped.kind)) return { ok: false, reason: 'import.eventNotMappable', params: { ref } };
  const now = options.now ?? new Date();
  const observedAt = element.timestamp && ISO_UTC.test(element.timestamp) ? element.timestamp : now.toISOString();
  let observation: Observation;
  try {
    observation = newObservation(
      {
        id: osmElementId(element, options.idNamespace),
        kind: mapped.kind,
        position: { lon, lat, accuracy: null, source: 'manual' },
        details: mapped.details,
        certainty: 'reported',
        // Where it came from, after the feature's own description if it has one.
        notes: provenanceNotes(mapped.notes, ref),
        observedAt,
      },
      now,
    );
  } catch (error) {
    const issue = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    return {
      ok: false,
      reason: 'import.invalidRecord',
      params: { ref, field: issue ? issue.path.map(String).join('.') : '', message: issue?.message ?? String(error) },
    };
  }
  return { ok: true, observation, unknownTags: mapped.unknownTags };
}

/**
 * Gathers the outcome of every element of an OSM file. Untagged nodes (the geometry of ways) and
 * tagged elements without coordinates that are not surveillance are not records for us, so they
 * are passed over in silence; everything else is an observation or a listed skip.
 */
export class ElementCollector {
  private readonly observations: Observation[] = [];
  private readonly skipped = new SkipList();
  private readonly unknownTags: Record<string, number> = {};
  private readonly options: OsmImportOptions;

  constructor(options: OsmImportOptions) {
    this.options = options;
  }

  add(index: number, type: string, element: OsmElement): void {
    if (Object.keys(element.tags).length === 0) return;
    if (!Number.isFinite(element.lat) || !Number.isFinite(element.lon)) {
      if (mapTags(element.tags)) this.skipped.add(index, 'import.wrongGeometry', { ref: element.ref, type });
      return;
    }
    if (this.observations.length >= IMPORT_LIMITS.maxRecords) {
      this.skipped.add(index, 'import.tooManyRecords', { max: IMPORT_LIMITS.maxRecords });
      return;
    }
    const outcome = observationFromOsmElement(element, this.options);
    if (!outcome.ok) {
      this.skipped.add(index, outcome.reason, outcome.params);
      return;
    }
    this.observations.push(outcome.observation);
    for (const key of outcome.unknownTags) this.unknownTags[key] = (this.unknownTags[key] ?? 0) + 1;
  }

  /** An element the file marks as deleted (JOSM `action="delete"`, history or API `visible="false"`). */
  deleted(index: number, ref: string): void {
    this.skipped.add(index, 'import.deletedInFile', { ref });
  }

  /** What was read; `remark` the file's own note on its completeness (Overpass), if any. */
  result(remark?: string): ImportResult<Observation> {
    return {
      observations: this.observations,
      skipped: this.skipped.listed,
      skippedTotal: this.skipped.total,
      unknownTags: this.unknownTags,
      ...(remark ? { remark } : {}),
    };
  }
}
