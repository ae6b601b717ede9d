/**
 * The public page's language and texts: the browser's language when it is French, Dutch or
 * English, French otherwise. Nothing is stored about the visitor, so there is no remembered choice.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Language } from '../../core/languages.ts';
import { browserPreferences, pickLanguage } from '../../app/i18n/pick-language.ts';
import { en } from './en.ts';
import { fr, type ExploreKey } from './fr.ts';
import { nl } from './nl.ts';

export type { ExploreKey, Language };

const CATALOGUES: Record<Language, Record<ExploreKey, string>> = { fr, nl, en };

export const visitorLanguage = (): Language => pickLanguage(browserPreferences());

export function text(lang: Language, key: ExploreKey, params?: Record<string, string | number>): string {
  const template = CATALOGUES[lang][key] ?? fr[key];
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}

export const LangContext = createContext<Language>('fr');

export type ExploreText = (key: ExploreKey, params?: Record<string, string | number>) => string;

export function useText(): { t: ExploreText; lang: Language } {
  const lang = useContext(LangContext);
  return { lang, t: (key, params) => text(lang, key, params) };
}
