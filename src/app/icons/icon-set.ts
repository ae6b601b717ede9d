/**
 * Which picture stands for each kind and each navigation entry, and where the built files are.
 * Kinds take their icon from the OSM world's icon sets (Temaki, Maki: npm packages, CC0 1.0) or
 * from our own drawings in `./drawn/` where the sets have nothing fitting (a drone, a face scan);
 * the navigation icons are ours. At build time `scripts/icons/` turns these into SVG symbols each
 * HTML page holds (`<use href="#id">`) and a MapLibre sprite (PNG @1x/@2x + JSON) for the maps,
 * served from our origin and precached by the service worker.
 */
import { KINDS, type Kind } from '../../core/taxonomy.ts';

/** An SVG file of an icon set (`temaki`, `maki`: its file name without `.svg`) or of `./drawn/`. */
export interface IconSource {
  set: 'temaki' | 'maki' | 'drawn';
  name: string;
}

export const KIND_ICONS: Record<Kind, IconSource> = {
  camera: { set: 'temaki', name: 'security_camera' },
  alpr: { set: 'maki', name: 'car' },
  face_recognition: { set: 'drawn', name: 'face-scan' },
  sound_sensor: { set: 'temaki', name: 'ear' },
  antenna: { set: 'temaki', name: 'antenna' },
  ad_screen: { set: 'temaki', name: 'billboard' },
  hostile_design: { set: 'temaki', name: 'spike_strip' },
  footfall_sensor: { set: 'temaki', name: 'pedestrian' },
  guard: { set: 'temaki', name: 'police_officer' },
  drone: { set: 'drawn', name: 'drone' },
  mobile_unit: { set: 'temaki', name: 'truck' },
};

/** Interface icons, all drawn (the OSM sets hold map features, not actions). */
export const UI_ICONS = ['list', 'map', 'check', 'moderate', 'export', 'settings', 'log', 'locate', 'sync'] as const;
export type UiIcon = (typeof UI_ICONS)[number];

/** Symbol id in the pages and image name in the map sprite: `kind-camera`. */
export const kindIconId = (kind: string): string => `kind-${kind}`;
export const uiIconId = (name: UiIcon): string => `ui-${name}`;

/** Every symbol of the SVG file, by id. */
export function iconSources(): Map<string, IconSource> {
  return new Map<string, IconSource>([
    ...KINDS.map((kind): [string, IconSource] => [kindIconId(kind), KIND_ICONS[kind]]),
    ...UI_ICONS.map((name): [string, IconSource] => [uiIconId(name), { set: 'drawn', name }]),
  ]);
}

/** The maps' sprite, relative to the site's root (no extension: MapLibre adds `.json`, `@2x.png`…). */
export const MAP_SPRITE = 'icons/map-sprite';
