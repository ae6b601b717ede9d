/**
 * The map's strings, from the app's catalogues (keys `map.*` and `geo.*`). Until the i18n module
 * exposes its hook, the language is read from `<html lang>`, which the app keeps current.
 */
import { en } from '../i18n/en.ts';
import { fr } from '../i18n/fr.ts';
import { nl } from '../i18n/nl.ts';
import type { GeoErrorKey } from './use-geolocation.ts';

const CATALOGUES = { fr, nl, en } as const;

const fill = (template: string, params: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));

export interface MapText {
  mapLabel: string;
  locateMe: string;
  mapFailed: string;
  noBasemap: string;
  picker: string;
  pin: string;
  directionHandle: (deg: number) => string;
  accuracy: (metres: number) => string;
  geoError: (key: GeoErrorKey) => string;
}

export function mapText(lang: string): MapText {
  const c = CATALOGUES[(lang.slice(0, 2) as keyof typeof CATALOGUES)] ?? fr;
  return {
    mapLabel: c['map.region'],
    locateMe: c['map.locateMe'],
    mapFailed: c['map.failed'],
    noBasemap: c['map.noBasemap'],
    picker: c['map.picker'],
    pin: c['map.pin'],
    directionHandle: (deg) => fill(c['map.directionHandle'], { deg }),
    accuracy: (metres) => fill(c['map.accuracy'], { metres: Math.round(metres) }),
    geoError: (key) => c[key],
  };
}

export function useMapText(): MapText {
  const lang = typeof document !== 'undefined' ? document.documentElement.lang || 'fr' : 'fr';
  return mapText(lang);
}
