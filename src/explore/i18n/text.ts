/**
 * The public page's language and texts: the browser's language when it is French, Dutch or
 * English, French otherwise. Nothing is stored about the visitor, so there is no remembered choice.
 * French ships with the page (the reference catalogue); Dutch or English loads before the first
 * render (`loadCatalogue`), so a visitor downloads one catalogue, or two.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Language } from '../../core/languages.ts';
import { browserPreferences, pickLanguage } from '../../app/i18n/pick-language.ts';
import { fr, type ExploreKey } from './fr.ts';

export type { ExploreKey, Language };

const CATALOGUES: Partial<Record<Language, Record<ExploreKey, string>>> = { fr };

export const visitorLanguage = (): Language => pickLanguage(browserPreferences());

/** Loads the catalogue of `lang` once. @throws what the chunk's import throws (offline, gone). */
export async function loadCatalogue(lang: Language): Promise<void> {
  if (CATALOGUES[lang]) return;
  CATALOGUES[lang] = lang === 'nl' ? (await import('./nl.ts')).nl : (await import('./en.ts')).en;
}

/** The text of `key` in `lang` (French until that catalogue is loaded), `{name}` filled from `params`. */
export function text(lang: Language, key: ExploreKey, params?: Record<string, string | number>): string {
  const template = CATALOGUES[lang]?.[key] ?? fr[key];
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}

export const LangContext = createContext<Language>('fr');

export type ExploreText = (key: ExploreKey, params?: Record<string, string | number>) => string;

export function useText(): { t: ExploreText; lang: Language } {
  const lang = useContext(LangContext);
  return { lang, t: (key, params) => text(lang, key, params) };
}
