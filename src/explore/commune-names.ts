/** A commune's name in the visitor's language: Dutch for nl, French for fr, both for en. */
import type { CommuneProperties } from '../core/communes.ts';
import type { Language } from './i18n/text.ts';

export function communeName(c: Pick<CommuneProperties, 'name_fr' | 'name_nl'>, lang: Language): string {
  if (lang === 'nl') return c.name_nl;
  if (lang === 'fr' || c.name_fr === c.name_nl) return c.name_fr;
  return `${c.name_fr} / ${c.name_nl}`;
}
