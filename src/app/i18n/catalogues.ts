/**
 * The catalogues by language, and the lookup with `{param}` interpolation. French is the default
 * and the fallback, so it is always here; Dutch and English are chunks of their own, loaded when
 * chosen (loadCatalogue), so the first screen carries one catalogue, not three.
 */
import { fr, type MessageKey } from './fr.ts';

export type { MessageKey };
import type { Language } from '../../core/languages.ts';

export { LANGUAGES, type Language } from '../../core/languages.ts';
export type Catalogue = Readonly<Record<MessageKey, string>>;

export type MessageParams = Record<string, string | number>;

const loaded: Partial<Record<Language, Catalogue>> = { fr };
const pending: Partial<Record<Language, Promise<Catalogue>>> = {};
const LOADERS: Record<Exclude<Language, 'fr'>, () => Promise<Catalogue>> = {
  nl: () => import('./nl.ts').then((m) => m.nl),
  en: () => import('./en.ts').then((m) => m.en),
};

export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(fr, key);

export const isCatalogueLoaded = (lang: Language): boolean => loaded[lang] !== undefined;

/** Resolves once `lang`'s catalogue is in memory (at once for French or one already loaded). */
export function loadCatalogue(lang: Language): Promise<Catalogue> {
  const ready = loaded[lang];
  if (ready) return Promise.resolve(ready);
  if (lang === 'fr') return Promise.resolve(fr);
  pending[lang] ??= LOADERS[lang]().then(
    (catalogue) => (loaded[lang] = catalogue),
    (error: unknown) => {
      delete pending[lang]; // a later choice tries again
      throw error;
    },
  );
  return pending[lang];
}

export function translate(lang: Language, key: MessageKey, params?: MessageParams): string {
  const template = loaded[lang]?.[key] ?? fr[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
