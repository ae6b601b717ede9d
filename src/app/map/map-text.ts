/** The map's strings, through the app's i18n (keys `map.*` and `geo.*`), as one small object. */
import { useMemo } from 'preact/hooks';
import { useT, type Translate } from '../i18n/language.ts';
import type { GeoErrorKey } from '../sensors/use-geolocation.ts';

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

export function mapText(t: Translate): MapText {
  return {
    mapLabel: t('map.region'),
    locateMe: t('map.locateMe'),
    mapFailed: t('map.failed'),
    noBasemap: t('map.noBasemap'),
    picker: t('map.picker'),
    pin: t('map.pin'),
    directionHandle: (deg) => t('map.directionHandle', { deg }),
    accuracy: (metres) => t('map.accuracy', { metres: Math.round(metres) }),
    geoError: (key) => t(key),
  };
}

export function useMapText(): MapText {
  const t = useT();
  return useMemo(() => mapText(t), [t]);
}
