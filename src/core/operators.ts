/**
 * Suggestions for the operator field in Brussels: the six police zones, the federal police,
 * transport and mobility bodies, the 19 communes, and "private". Written out here (not read from
 * the communes GeoJSON) so the form works offline with nothing to load.
 *
 * The stored value is bilingual in the Brussels OpenStreetMap style (`fr - nl`) when the two names
 * differ, so observations logged in any language agree; the label follows the user's language.
 */
import { BRUSSELS_COMMUNES } from './commune-list.ts';
import type { Language } from './languages.ts';

export type OperatorCategory = 'police' | 'transport' | 'mobility' | 'commune' | 'private';

export interface OperatorSuggestion {
  /** Stable id: `police:<zone number>`, `commune:<NIS code>`, or a short name. */
  id: string;
  category: OperatorCategory;
  /** What goes into details.operator. */
  value: string;
  label: Record<Language, string>;
  /** Other names walkers type (brands, abbreviations, zone numbers). */
  aliases: readonly string[];
  /** NIS codes of the communes a police zone covers. */
  communes?: readonly string[];
}

const bilingual = (fr: string, nl: string): string => (fr === nl ? fr : `${fr} - ${nl}`);

function policeZone(
  zone: number,
  fr: string,
  nl: string,
  en: string,
  communes: readonly string[],
  aliases: readonly string[] = [],
): OperatorSuggestion {
  return {
    id: `police:${zone}`,
    category: 'police',
    value: bilingual(`Zone de police ${fr}`, `Politiezone ${nl}`),
    label: { fr: `Zone de police ${fr}`, nl: `Politiezone ${nl}`, en: `Police zone ${en}` },
    aliases: [...aliases, `ZP ${zone}`, `PZ ${zone}`, String(zone)],
    communes,
  };
}

function communeLabel(nis: string, fr: string, nl: string): Record<Language, string> {
  // The City of Brussels is a "ville"/"stad"; the other 18 are "communes"/"gemeenten".
  if (nis === '21004') return { fr: 'Ville de Bruxelles', nl: 'Stad Brussel', en: 'City of Brussels' };
  const de = /^[AEIOUYH]/i.test(fr) ? "d'" : 'de ';
  return { fr: `Commune ${de}${fr}`, nl: `Gemeente ${nl}`, en: `Municipality of ${fr}` };
}

export const OPERATORS: readonly OperatorSuggestion[] = [
  policeZone(5339, 'Bruxelles-Capitale Ixelles', 'Brussel-Hoofdstad Elsene', 'Brussels-Capital Ixelles', ['21004', '21009'], [
    'Polbru',
  ]),
  policeZone(5340, 'Bruxelles-Ouest', 'Brussel-West', 'Brussels West', ['21003', '21008', '21010', '21011', '21012']),
  policeZone(5341, 'Midi', 'Zuid', 'Midi (South)', ['21001', '21007', '21013']),
  policeZone(
    5342,
    'Uccle/Watermael-Boitsfort/Auderghem',
    'Ukkel/Watermaal-Bosvoorde/Oudergem',
    'Uccle/Watermael-Boitsfort/Auderghem',
    ['21002', '21016', '21017'],
    ['Marlow'],
  ),
  policeZone(5343, 'Montgomery', 'Montgomery', 'Montgomery', ['21005', '21018', '21019']),
  policeZone(5344, 'Bruxelles-Nord', 'Brussel-Noord', 'Brussels North', ['21006', '21014', '21015'], ['PolBruNo']),
  {
    id: 'police:federal',
    category: 'police',
    value: bilingual('Police fédérale', 'Federale Politie'),
    label: { fr: 'Police fédérale', nl: 'Federale Politie', en: 'Federal Police' },
    aliases: ['FedPol'],
  },
  {
    id: 'stib',
    category: 'transport',
    value: bilingual('STIB', 'MIVB'),
    label: { fr: 'STIB', nl: 'MIVB', en: 'STIB/MIVB (Brussels public transport)' },
    aliases: ['STIB', 'MIVB'],
  },
  {
    id: 'sncb',
    category: 'transport',
    value: bilingual('SNCB', 'NMBS'),
    label: { fr: 'SNCB', nl: 'NMBS', en: 'SNCB/NMBS (Belgian railways)' },
    aliases: ['SNCB', 'NMBS'],
  },
  {
    id: 'bruxelles-mobilite',
    category: 'mobility',
    value: bilingual('Bruxelles Mobilité', 'Brussel Mobiliteit'),
    label: { fr: 'Bruxelles Mobilité', nl: 'Brussel Mobiliteit', en: 'Brussels Mobility' },
    aliases: ['Bruxelles Mobilité', 'Brussel Mobiliteit'],
  },
  ...BRUSSELS_COMMUNES.map(
    ([nis, fr, nl]): OperatorSuggestion => ({
      id: `commune:${nis}`,
      category: 'commune',
      value: bilingual(fr, nl),
      label: communeLabel(nis, fr, nl),
      aliases: [fr, nl],
    }),
  ),
  {
    id: 'private',
    category: 'private',
    value: 'private',
    label: { fr: 'Privé', nl: 'Privé', en: 'Private' },
    aliases: ['privé', 'privaat', 'private'],
  },
];

/** Lowercase, without accents, with `-`, `/`, `'` and `(` as word breaks: "Molenbeek-St-Jean" → "molenbeek st jean". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-/'’().,:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const searchable = OPERATORS.map((op) => {
  const texts = [op.value, ...Object.values(op.label), ...op.aliases].map(foldForSearch);
  return { op, texts, words: new Set(texts.flatMap((t) => t.split(' '))) };
});

/**
 * Suggestions for what the walker typed, best first: names that start with the query, then names
 * where every typed word starts a word. Accents, case and hyphens do not matter. An empty query
 * gives the whole list in its natural order.
 */
export function suggestOperators(query: string, limit = 8): OperatorSuggestion[] {
  const q = foldForSearch(query);
  if (q === '') return OPERATORS.slice(0, limit);
  const typed = q.split(' ');
  const scored: { op: OperatorSuggestion; score: number; order: number }[] = [];
  searchable.forEach(({ op, texts, words }, order) => {
    if (texts.some((t) => t.startsWith(q))) scored.push({ op, score: 0, order });
    else if (typed.every((w) => [...words].some((word) => word.startsWith(w)))) scored.push({ op, score: 1, order });
  });
  return scored
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, limit)
    .map((s) => s.op);
}

/** The suggestion whose stored value this is (to show a known operator in the user's language). */
export function operatorByValue(value: string): OperatorSuggestion | undefined {
  const v = foldForSearch(value);
  return OPERATORS.find((op) => foldForSearch(op.value) === v);
}

/** The police zone that covers a commune, by NIS code. */
export function policeZoneOf(communeNis: string): OperatorSuggestion | undefined {
  return OPERATORS.find((op) => op.category === 'police' && op.communes?.includes(communeNis));
}
