import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../../src/app/i18n/all-catalogues.ts';
import { LANGUAGES, loadCatalogue, translate, type MessageKey } from '../../../src/app/i18n/catalogues.ts';
import { formatBytes, formatNumber } from '../../../src/app/i18n/format.ts';
import { pickLanguage } from '../../../src/app/i18n/language.ts';
import { CERTAINTIES, FIELDS, KINDS } from '../../../src/core/taxonomy.ts';
import { VALIDATION_KEYS } from '../../../src/core/validation-messages.ts';
import { PHOTO_ERROR_KEYS } from '../../../src/app/photos/photo-error.ts';
import { STORE_ERROR_KEYS } from '../../../src/store/errors.ts';
import { withoutBreakHints } from '../../../src/app/i18n/kind-names.ts';
import { fr as exploreFr } from '../../../src/explore/i18n/fr.ts';
import { nl as exploreNl } from '../../../src/explore/i18n/nl.ts';
import { en as exploreEn } from '../../../src/explore/i18n/en.ts';

describe('catalogues', () => {
  const frKeys = Object.keys(CATALOGUES.fr).sort();

  it.each(LANGUAGES.filter((l) => l !== 'fr'))('%s has exactly the keys of fr', (lang) => {
    const keys = Object.keys(CATALOGUES[lang]).sort();
    expect(keys.filter((k) => !frKeys.includes(k))).toEqual([]);
    expect(frKeys.filter((k) => !keys.includes(k))).toEqual([]);
  });

  it.each(LANGUAGES)('%s has no empty message and the same {params} as fr', (lang) => {
    for (const key of frKeys as MessageKey[]) {
      const text = CATALOGUES[lang][key];
      expect(text.trim(), `${lang} ${key}`).not.toBe('');
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(text), `${lang} ${key}`).toEqual(params(CATALOGUES.fr[key]));
    }
  });

  it('translates every kind, field, choice value and certainty of the taxonomy', () => {
    const needed = [
      ...KINDS.map((k) => `kind.${k}`),
      ...Object.keys(FIELDS).map((f) => `field.${f}`),
      ...Object.entries(FIELDS).flatMap(([name, spec]) =>
        spec.type === 'choice' ? spec.values.map((v) => `choice.${name}.${v}`) : [],
      ),
      ...CERTAINTIES.map((c) => `certainty.${c}`),
    ];
    for (const lang of LANGUAGES) {
      const missing = needed.filter((key) => !Object.hasOwn(CATALOGUES[lang], key));
      expect(missing, lang).toEqual([]);
    }
  });

  it('translates every error key that the store, photos, geolocation and validation can raise', () => {
    const keys: string[] = [...STORE_ERROR_KEYS, ...PHOTO_ERROR_KEYS, ...VALIDATION_KEYS, 'geo.denied', 'geo.unavailable', 'geo.timeout'];
    for (const lang of LANGUAGES) {
      const missing = keys.filter((key) => !Object.hasOwn(CATALOGUES[lang], key));
      expect(missing, lang).toEqual([]);
    }
  });
});

describe('kind names', () => {
  const explore = { fr: exploreFr, nl: exploreNl, en: exploreEn };

  it.each(LANGUAGES)('%s names every kind the same on the walker app and the public page', (lang) => {
    for (const kind of KINDS) expect(explore[lang][`kind.${kind}`], `${lang} ${kind}`).toBe(CATALOGUES[lang][`kind.${kind}`]);
  });

  it('lose their break hints on the way to a file', () => {
    expect(CATALOGUES.nl['kind.ad_screen']).not.toBe('Reclamescherm');
    expect(withoutBreakHints(CATALOGUES.nl['kind.ad_screen'])).toBe('Reclamescherm');
  });
});

describe('translate', () => {
  it('fills parameters and leaves unknown ones visible', async () => {
    await loadCatalogue('en');
    expect(translate('en', 'list.count', { shown: 3, total: 10 })).toBe('3 of 10');
    expect(translate('fr', 'field.tooLarge', {})).toBe('Au plus {max}.');
  });
});

describe('setLanguage', () => {
  it('switches once the chosen catalogue is loaded, and a later choice wins over one still loading', async () => {
    const { getLanguage, setLanguage } = await import('../../../src/app/i18n/language.ts');
    await setLanguage('fr');
    const nl = setLanguage('nl');
    const en = setLanguage('en');
    await Promise.all([nl, en]);
    expect(getLanguage()).toBe('en');
    expect(translate('nl', 'nav.map')).toBe(CATALOGUES.nl['nav.map']);
    expect(translate('en', 'nav.map')).toBe(CATALOGUES.en['nav.map']);
    await setLanguage('fr');
    expect(getLanguage()).toBe('fr');
  });
});

describe('pickLanguage', () => {
  it('follows the browser preference and falls back to French', () => {
    expect(pickLanguage(['nl-BE', 'fr'])).toBe('nl');
    expect(pickLanguage(['de-DE', 'en-US'])).toBe('en');
    expect(pickLanguage(['de-DE', 'es'])).toBe('fr');
    expect(pickLanguage([])).toBe('fr');
  });
});

describe('format', () => {
  it('formats numbers and sizes in the chosen locale', () => {
    expect(formatNumber(1234.5, 'fr')).toMatch(/1\s?234,5/);
    expect(formatNumber(1234.5, 'nl')).toBe('1.234,5');
    expect(formatBytes(2_500_000, 'nl')).toMatch(/^2,5\sMB$/);
    expect(formatBytes(999, 'fr')).toMatch(/^999\so$/);
  });
});
