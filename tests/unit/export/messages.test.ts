/** Every message key an export or import can show is translated in fr, nl and en. */
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../../src/app/i18n/all-catalogues.ts';
import { LANGUAGES } from '../../../src/app/i18n/catalogues.ts';
import { IMPORT_ERROR_KEYS, SKIP_REASONS } from '../../../src/core/codecs/import-result.ts';
import { EXPORT_FORMATS } from '../../../src/core/codecs/export-formats.ts';
import { IMPORT_OUTCOMES } from '../../../src/store/import.ts';

const KEYS = [
  ...SKIP_REASONS,
  ...IMPORT_ERROR_KEYS,
  'import.zipBomb',
  'import.zipUnsupported',
  'import.zipNoData',
  'import.photoMismatch',
  'import.photoNotImage',
  'import.failed',
  'export.tooLarge',
  'export.failed',
  'export.empty',
  'export.shareFailed',
  'store.invalid',
  'store.quota',
  ...IMPORT_OUTCOMES.map((o) => `import.outcome.${o}`),
  ...['bundle', 'geojson', 'overpass', 'osm', 'csv'].map((f) => `import.format.${f}`),
  ...[...Object.keys(EXPORT_FORMATS), 'zip'].flatMap((f) => [`export.format.${f}`, `export.formatHint.${f}`]),
];

describe('export and import messages', () => {
  it.each(LANGUAGES)('%s translates every key', (lang) => {
    expect(KEYS.filter((key) => !Object.hasOwn(CATALOGUES[lang], key))).toEqual([]);
  });
});
