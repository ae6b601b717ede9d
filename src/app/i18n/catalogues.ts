/** The three catalogues by language, and the lookup with `{param}` interpolation. */
import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';
import { nl } from './nl.ts';

export type { MessageKey };
export const LANGUAGES = ['fr', 'nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CATALOGUES: Record<Language, Readonly<Record<MessageKey, string>>> = { fr, nl, en };

export type MessageParams = Record<string, string | number>;

export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(fr, key);

export function translate(lang: Language, key: MessageKey, params?: MessageParams): string {
  const template = CATALOGUES[lang][key] ?? CATALOGUES.fr[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
