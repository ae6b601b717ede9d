/**
 * Turns a file the walker picked into what the store imports (an ImportBundle) and what the preview
 * lists (skipped records with their reasons). Reads only: nothing is written until the walker
 * confirms. A ZIP (our bundle) is recognised by its first bytes; text formats (GeoJSON, Overpass
 * JSON, OSM XML, CSV) by the codecs' sniffImportFormat (name and first characters).
 */
import { importCsv } from '../../core/codecs/csv.ts';
import { importGeoJson } from '../../core/codecs/geojson.ts';
import { importText, sniffImportFormat } from '../../core/codecs/import-formats.ts';
import { IMPORT_LIMITS, ImportError, type ImportResult, type SkippedRecord } from '../../core/codecs/import-result.ts';
import { sha256Hex, type Observation } from '../../core/observation.ts';
import type { PhotoRecord } from '../../store/db.ts';
import type { ImportBundle } from '../../store/import.ts';
import { sniffImageType } from '../photos/image-format.ts';
import { BundleImportError } from './export-errors.ts';
import { yieldIfDue } from './progress.ts';
import { BUNDLE_NAMES } from './zip-bundle.ts';
import { listZip, readEntry, ZIP_LIMITS, type UnpackBudget, type ZipEntry, type ZipLimits } from './zip-reader.ts';

export type ImportFormat = 'bundle' | 'geojson' | 'overpass' | 'osm' | 'csv';

/** A photo of the bundle that was not restored, and why (message keys of the `// export` block). */
export interface SkippedPhoto {
  name: string;
  reason: 'import.photoMismatch' | 'import.photoNotImage';
}

export interface ImportSource {
  format: ImportFormat;
  bundle: ImportBundle;
  skipped: SkippedRecord[];
  skippedTotal: number;
  skippedPhotos: SkippedPhoto[];
  unknownTags: Record<string, number>;
  /** The file's own note that it may be incomplete (an Overpass remark). */
  remark?: string;
}

/** What the file input offers; the content decides in the end. */
export const IMPORT_ACCEPT = '.geojson,.json,.zip,.osm,.xml,.csv,application/geo+json,application/json,application/zip';

export interface ReadOptions {
  maxBytes?: number;
  zipLimits?: ZipLimits;
  /** This device's namespace for the ids of OSM elements (store meta `importNamespace`). */
  idNamespace?: string;
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);

function fromResult(format: ImportFormat, result: ImportResult<Observation>): ImportSource {
  return {
    format,
    bundle: { observations: result.observations },
    skipped: result.skipped,
    skippedTotal: result.skippedTotal,
    skippedPhotos: [],
    unknownTags: result.unknownTags,
    ...(result.remark ? { remark: result.remark } : {}),
  };
}

const FORMAT_NAMES = { geojson: 'geojson', 'overpass-json': 'overpass', 'osm-xml': 'osm', csv: 'csv' } as const;

/** Text of one of the formats the codecs read, told apart by the codecs' sniffImportFormat. */
export function readText(text: string, name = '', idNamespace?: string): ImportSource {
  const head = text.slice(0, 4096);
  if (head.replace(/^\uFEFF/, '').trim().length === 0) throw new ImportError('import.empty', 'the file is empty');
  const format = sniffImportFormat(name, head);
  if (format === 'zip') throw new BundleImportError('import.zipUnsupported', `${name} is named .zip but is not a ZIP archive`);
  if (format === null) {
    throw new ImportError('import.unknownFormat', `not GeoJSON, Overpass JSON, OSM XML, CSV or a ZIP (starts with ${JSON.stringify(head.trimStart().slice(0, 20))})`);
  }
  return fromResult(FORMAT_NAMES[format], importText(format, text, idNamespace === undefined ? {} : { idNamespace }));
}

const hex = (digest: ArrayBuffer) => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');

/** Width and height from a JPEG's start-of-frame marker; 0 × 0 if it has none we know. */
export function jpegDimensions(bytes: Uint8Array): { width: number; height: number } {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return { width: 0, height: 0 };
    const marker = bytes[i + 1] as number;
    const length = ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: ((bytes[i + 5] as number) << 8) | (bytes[i + 6] as number), width: ((bytes[i + 7] as number) << 8) | (bytes[i + 8] as number) };
    }
    i += 2 + length;
  }
  return { width: 0, height: 0 };
}

/** A photo entry as the store keeps it, if its bytes are an image whose SHA-256 is its name. */
async function photoFrom(name: string, data: Uint8Array): Promise<PhotoRecord | SkippedPhoto> {
  const hash = name.slice(BUNDLE_NAMES.photos.length).replace(/\.[a-z0-9]+$/i, '').toLowerCase();
  const type = sniffImageType(data);
  if (type !== 'image/jpeg') return { name, reason: 'import.photoNotImage' };
  const buffer = data.buffer.byteLength === data.byteLength ? (data.buffer as ArrayBuffer) : data.slice().buffer;
  const digest = hex(await crypto.subtle.digest('SHA-256', buffer));
  if (!sha256Hex.safeParse(hash).success || digest !== hash) return { name, reason: 'import.photoMismatch' };
  return { hash, type, data: buffer, ...jpegDimensions(data), size: data.byteLength };
}

function readAcked(text: string): Record<string, number> {
  try {
    const data = JSON.parse(text) as { acked?: unknown };
    const acked: Record<string, number> = {};
    if (typeof data.acked === 'object' && data.acked !== null) {
      for (const [id, version] of Object.entries(data.acked)) {
        if (Number.isInteger(version) && (version as number) > 0) acked[id] = version as number;
      }
    }
    return acked;
  } catch {
    // A damaged sync.json only means that everything is queued for the server again: harmless.
    return {};
  }
}

/** Our bundle: the GeoJSON (or else the CSV), sync.json, shared.geojson and photos/. */
export async function readBundle(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): Promise<ImportSource> {
  const entries = listZip(bytes, limits);
  const budget: UnpackBudget = { used: 0 };
  const decoder = new TextDecoder();
  const byName = new Map(entries.map((e) => [e.name, e]));
  const top = (ext: string) => entries.find((e) => !e.name.includes('/') && e.name.toLowerCase().endsWith(ext) && e.name !== BUNDLE_NAMES.shared);
  const main: ZipEntry | undefined = byName.get(BUNDLE_NAMES.geojson) ?? top('.geojson') ?? byName.get(BUNDLE_NAMES.csv) ?? top('.csv');
  if (!main) throw new BundleImportError('import.zipNoData', 'the ZIP holds no .geojson or .csv file at its top level');
  const text = (entry: ZipEntry) => decoder.decode(readEntry(bytes, entry, budget, limits));

  const result = main.name.toLowerCase().endsWith('.csv') ? importCsv(text(main)) : importGeoJson(text(main));
  const source = fromResult('bundle', result);
  const sync = byName.get(BUNDLE_NAMES.sync);
  if (sync) source.bundle = { ...source.bundle, acked: readAcked(text(sync)) };
  const shared = byName.get(BUNDLE_NAMES.shared);
  if (shared) source.bundle = { ...source.bundle, shared: importGeoJson(text(shared)).observations };

  // Only photos an observation names are unpacked: others would be orphans, and cost memory.
  const named = new Set(result.observations.flatMap((o) => o.photos));
  const photos: PhotoRecord[] = [];
  for (const entry of entries) {
    if (!entry.name.startsWith(BUNDLE_NAMES.photos) || entry.name.endsWith('/')) continue;
    const hash = entry.name.slice(BUNDLE_NAMES.photos.length).replace(/\.[a-z0-9]+$/i, '').toLowerCase();
    if (!named.has(hash)) continue;
    const photo = await photoFrom(entry.name, readEntry(bytes, entry, budget, limits));
    if ('hash' in photo) photos.push(photo);
    else source.skippedPhotos.push(photo);
    await yieldIfDue();
  }
  source.bundle = { ...source.bundle, photos };
  return source;
}

/** Reads a picked file whole (at most 200 MB) and parses it; throws errors with message keys. */
export async function readImportFile(file: Blob & { name?: string }, options: ReadOptions = {}): Promise<ImportSource> {
  const maxBytes = options.maxBytes ?? IMPORT_LIMITS.maxBytes;
  if (file.size > maxBytes) throw new ImportError('import.tooLarge', `${file.size} bytes, more than ${maxBytes}`, { max: maxBytes });
  if (file.size === 0) throw new ImportError('import.empty', 'the file is empty');
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isZip(bytes)) return readBundle(bytes, options.zipLimits);
  return readText(new TextDecoder().decode(bytes), file.name ?? '', options.idNamespace);
}
