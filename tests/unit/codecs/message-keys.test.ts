import { expect, it } from 'vitest';
import { CATALOGUES } from '../../../src/app/i18n/all-catalogues.ts';
import { LANGUAGES, isMessageKey } from '../../../src/app/i18n/catalogues.ts';
import { IMPORT_ERROR_KEYS, SKIP_REASONS } from '../../../src/core/codecs/import-result.ts';

it('every message key the codecs can produce is translated in fr, nl and en', () => {
  for (const key of [...SKIP_REASONS, ...IMPORT_ERROR_KEYS]) {
    expect(isMessageKey(key), key).toBe(true);
    if (!isMessageKey(key)) continue;
    for (const lang of LANGUAGES) expect(CATALOGUES[lang][key], `${lang} ${key}`).toBeTruthy();
  }
});
