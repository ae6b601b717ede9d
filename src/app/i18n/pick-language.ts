/** Our three languages, and the choice among them from the browser's preferences (no storage). */

export const LANGUAGES = ['fr', 'nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** French unless the browser prefers one of our other languages (DESIGN.md: French first). */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const match = LANGUAGES.find((l) => l === base);
    if (match) return match;
  }
  return 'fr';
}

/** The browser's preferred language tags, best first (none outside a browser). */
export function browserPreferences(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}
