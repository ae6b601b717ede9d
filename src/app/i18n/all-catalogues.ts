/**
 * Every catalogue at once, for checks across languages (the unit tests). The app itself never
 * imports this: it loads Dutch and English on demand through catalogues.ts.
 */
import type { Catalogue, Language } from './catalogues.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { nl } from './nl.ts';

export const CATALOGUES: Record<Language, Catalogue> = { fr, nl, en };
