/** A commune's name in the visitor's language: Dutch for nl, French for fr, both for en. */
import { BRUSSELS_COMMUNES } from '../core/commune-list.ts';
import type { CommuneProperties } from '../core/commune-index.ts';
import type { Language } from './i18n/text.ts';

export function communeName(c: Pick<CommuneProperties, 'name_fr' | 'name_nl'>, lang: Language): string {
  if (lang === 'nl') return c.name_nl;
  if (lang === 'fr' || c.name_fr === c.name_nl) return c.name_fr;
  return `${c.name_fr} / ${c.name_nl}`;
}

const NAMES = new Map(BRUSSELS_COMMUNES.map(([nis, name_fr, name_nl]) => [nis, { name_fr, name_nl }]));

/** The name of the commune of a NIS code (the code itself when it is not one of the 19). */
export const communeNameOf = (nis: string, lang: Language): string => {
  const names = NAMES.get(nis);
  return names ? communeName(names, lang) : nis;
};

/** The NIS codes of the 19 communes, sorted by name in the visitor's language. */
export const communesByName = (lang: Language): string[] =>
  BRUSSELS_COMMUNES.map(([nis]) => nis).sort((a, b) => communeNameOf(a, lang).localeCompare(communeNameOf(b, lang)));
