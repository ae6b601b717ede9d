/** The languages of Contrechamp, French first (DESIGN.md): the UI catalogues, the export README
 * and the operators' labels all come in exactly these. */
export const LANGUAGES = ['fr', 'nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
