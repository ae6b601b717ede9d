/**
 * What every importer returns, and the errors that reject a whole file. Importers never write: they
 * hand validated observations and the skipped records (with message keys) to the store and the
 * preview, so a failed import changes nothing already stored.
 */
import { KeyedError } from '../keyed-error.ts';


/** Message keys (translated in the UI) for a record that an import skipped. */
export const SKIP_REASONS = [
  'import.invalidRecord',
  'import.wrongGeometry',
  'import.coordinatesOutOfRange',
  'import.notSurveillance',
  'import.eventNotMappable',
  'import.tooManyRecords',
  'import.deletedInFile',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Message keys for a file that cannot be imported at all. */
export const IMPORT_ERROR_KEYS = [
  'import.tooLarge',
  'import.malformed',
  'import.doctypeRefused',
  'import.unknownFormat',
  'import.empty',
  'import.otherCrs',
] as const;
export type ImportErrorKey = (typeof IMPORT_ERROR_KEYS)[number];

export interface SkippedRecord {
  /** Position of the record in the file (0-based feature, row or element index). */
  index: number;
  reason: SkipReason;
  /** Values for the message (for example `{ ref: 'node/42' }` or `{ field: 'details.direction' }`). */
  params?: Record<string, string | number>;
}

export interface ImportResult<T> {
  observations: T[];
  /** The first skipped records (at most IMPORT_LIMITS.maxSkippedListed); skippedTotal counts all. */
  skipped: SkippedRecord[];
  skippedTotal: number;
  /** OSM imports: tag keys that no observation field carries, with how many records had them. */
  unknownTags: Record<string, number>;
  /** What the file itself says of its completeness: an Overpass `remark` (a timeout, a memory
   * limit), which Overpass sends with a 200 status and whatever it had found so far. */
  remark?: string;
}

export class ImportError extends KeyedError<ImportErrorKey> {
  override name = 'ImportError';
  constructor(key: ImportErrorKey, detail: string, params: Record<string, string | number> = {}) {
    super(key, `${key}: ${detail}`, { params });
  }
}

export const IMPORT_LIMITS = {
  /** The limit for one file; strings are measured in UTF-16 units, near enough to bytes here. */
  maxBytes: 200 * 1024 * 1024,
  maxRecords: 1_000_000,
  maxSkippedListed: 1000,
} as const;

/** Collects skipped records without letting a huge bad file fill the memory with them. */
export class SkipList {
  readonly listed: SkippedRecord[] = [];
  total = 0;
  add(index: number, reason: SkipReason, params?: Record<string, string | number>): void {
    this.total += 1;
    if (this.listed.length < IMPORT_LIMITS.maxSkippedListed) {
      this.listed.push(params ? { index, reason, params } : { index, reason });
    }
  }
}

export function checkSize(length: number, maxBytes: number = IMPORT_LIMITS.maxBytes): void {
  if (length > maxBytes) {
    throw new ImportError('import.tooLarge', `input of ${length} characters exceeds ${maxBytes}`, { max: maxBytes });
  }
}
