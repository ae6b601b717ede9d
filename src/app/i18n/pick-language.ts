/** The choice among our languages (core/languages.ts) from the browser's preferences (no storage). */
import { LANGUAGES, type Language } from '../../core/languages.ts';

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
