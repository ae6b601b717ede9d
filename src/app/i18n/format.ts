/** Dates, numbers and sizes through Intl, in the user's locale for the chosen language. */
import type { Language } from './catalogues.ts';

/** The browser's own locale when it speaks the chosen language (fr-FR keeps its habits), else Belgian. */
export function localeFor(lang: Language): string {
  const prefs = globalThis.navigator?.languages ?? [];
  const own = prefs.find((tag) => tag.toLowerCase().split('-')[0] === lang && tag.includes('-'));
  return own ?? `${lang}-BE`;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

export function formatDateTime(iso: string, lang: Language): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cached(`dt:${lang}`, () => new Intl.DateTimeFormat(localeFor(lang), { dateStyle: 'medium', timeStyle: 'short' })).format(d);
}

export function formatNumber(n: number, lang: Language, options?: Intl.NumberFormatOptions): string {
  const key = `n:${lang}:${JSON.stringify(options ?? {})}`;
  return cached(key, () => new Intl.NumberFormat(localeFor(lang), options)).format(n);
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

export function formatBytes(bytes: number, lang: Language): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return formatNumber(value, lang, {
    style: 'unit',
    unit: BYTE_UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  });
}
