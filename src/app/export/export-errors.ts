/**
 * Errors of the export view that a user can meet, each with a message key (catalogues, `// export`
 * block). Errors of the codecs (ImportError, core) and of the store (StoreError) pass through as
 * they are: they carry their own keys.
 */

export type ExportErrorKey = 'export.tooLarge' | 'export.failed' | 'export.empty';

export class ExportError extends Error {
  override name = 'ExportError';
  readonly key: ExportErrorKey;
  constructor(key: ExportErrorKey, detail: string) {
    super(`${key}: ${detail}`);
    this.key = key;
  }
}

/** A ZIP refused whole: too much unpacked, too high a ratio, an archive we cannot read. */
export type BundleImportErrorKey = 'import.zipBomb' | 'import.zipUnsupported' | 'import.zipNoData';

export class BundleImportError extends Error {
  override name = 'BundleImportError';
  readonly key: BundleImportErrorKey;
  readonly params: Record<string, string | number>;
  constructor(key: BundleImportErrorKey, detail: string, params: Record<string, string | number> = {}) {
    super(`${key}: ${detail}`);
    this.key = key;
    this.params = params;
  }
}
