/**
 * The names of the kinds of device, one place for the walker's catalogues and the public page's.
 * Long Dutch compounds carry soft hyphens (U+00AD) so they break inside a 320 px column; text
 * leaving the screen (file exports) goes through `withoutBreakHints`.
 */
import type { Kind } from '../../core/taxonomy.ts';
import type { Language } from '../../core/languages.ts';

type KindNames = Readonly<Record<`kind.${Kind}`, string>>;

export const KIND_NAME_TEXTS = {
  fr: {
    'kind.camera': 'Caméra',
    'kind.alpr': 'Caméra ANPR (plaques)',
    'kind.face_recognition': 'Caméra «\u00A0intelligente\u00A0»',
    'kind.sound_sensor': 'Capteur sonore',
    'kind.antenna': 'Antenne',
    'kind.ad_screen': 'Écran publicitaire',
    'kind.hostile_design': 'Mobilier hostile',
    'kind.footfall_sensor': 'Traçage Wi-Fi/Bluetooth',
    'kind.guard': 'Agent de surveillance',
    'kind.drone': 'Drone',
    'kind.mobile_unit': 'Unité mobile',
  },
  nl: {
    'kind.camera': 'Camera',
    'kind.alpr': 'ANPR-camera (nummer\u00ADplaten)',
    'kind.face_recognition': '“Slimme” camera',
    'kind.sound_sensor': 'Geluids\u00ADsensor',
    'kind.antenna': 'Antenne',
    'kind.ad_screen': 'Reclame\u00ADscherm',
    'kind.hostile_design': 'Vijandig straat\u00ADmeubilair',
    'kind.footfall_sensor': 'Wifi- of bluetooth-tracking',
    'kind.guard': 'Bewakings\u00ADagent',
    'kind.drone': 'Drone',
    'kind.mobile_unit': 'Mobiele eenheid',
  },
  en: {
    'kind.camera': 'Camera',
    'kind.alpr': 'ANPR camera (number plates)',
    'kind.face_recognition': '“Smart” camera',
    'kind.sound_sensor': 'Sound sensor',
    'kind.antenna': 'Antenna',
    'kind.ad_screen': 'Advertising screen',
    'kind.hostile_design': 'Hostile design',
    'kind.footfall_sensor': 'Wi-Fi/Bluetooth tracking',
    'kind.guard': 'Security guard',
    'kind.drone': 'Drone',
    'kind.mobile_unit': 'Mobile unit',
  },
} as const satisfies Record<Language, KindNames>;

/** `text` without its soft hyphens, for files and other places that do no line breaking. */
export const withoutBreakHints = (text: string): string => text.replaceAll('\u00AD', '');
