/**
 * Errors of the export view that a user can meet, each with a message key (catalogues, `// export`
 * block). Errors of the codecs (ImportError, core) and of the store (StoreError) pass through as
 * they are: they carry their own keys.
 */
import { KeyedError } from '../../core/keyed-error.ts';

export type ExportErrorKey = 'export.tooLarge' | 'export.failed' | 'export.empty';

export class ExportError extends KeyedError<ExportErrorKey> {
  override name = 'ExportError';
  constructor(key: ExportErrorKey, detail: string) {
    super(key, `${key}: ${detail}`);
  }
}

/** A ZIP refused whole: too much unpacked, too high a ratio, an archive we cannot read. */
export type BundleImportErrorKey = 'import.zipBomb' | 'import.zipUnsupported' | 'import.zipNoData';

export class BundleImportError extends KeyedError<BundleImportErrorKey> {
  override name = 'BundleImportError';
  constructor(key: BundleImportErrorKey, detail: string, params: Record<string, string | number> = {}) {
    super(key, `${key}: ${detail}`, { params });
  }
}
