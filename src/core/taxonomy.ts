/**
 * The taxonomy of DESIGN.md in one place: every kind of device or event, and the detail fields
 * each kind shows. The form, the schemas, the OSM mapping and the map style all read it.
 */

export const KINDS = [
  'camera',
  'alpr',
  'face_recognition',
  'sound_sensor',
  'antenna',
  'ad_screen',
  'hostile_design',
  'footfall_sensor',
  'guard',
  'drone',
  'mobile_unit',
] as const;
export type Kind = (typeof KINDS)[number];

/** Events happen at a time and have no OSM feature; fixed devices are mapped as OSM nodes. */
export const EVENT_KINDS: readonly Kind[] = ['drone', 'mobile_unit'];
export const isEventKind = (kind: Kind): boolean => EVENT_KINDS.includes(kind);

export const CERTAINTIES = ['seen', 'likely', 'reported'] as const;
export type Certainty = (typeof CERTAINTIES)[number];

/** A detail field: its value type and, for choices, the allowed values (OSM values where OSM has them). */
export type FieldSpec =
  | { type: 'choice'; values: readonly string[] }
  | { type: 'number'; min: number; max: number; integer?: boolean; unit?: string }
  | { type: 'text'; maxLength: number }
  | { type: 'datetime' }
  /** A list of directions (core/direction.ts): bearings in degrees, with a width for a range. */
  | { type: 'directions' };

export const FIELDS = {
  cameraType: { type: 'choice', values: ['fixed', 'dome', 'panning'] },
  mount: { type: 'choice', values: ['wall', 'pole', 'ceiling', 'street_lamp', 'building'] },
  direction: { type: 'directions' },
  angle: { type: 'number', min: 0, max: 90, integer: true, unit: '°' },
  height: { type: 'number', min: 0, max: 300, unit: 'm' },
  surveillance: { type: 'choice', values: ['public', 'outdoor', 'indoor'] },
  zone: {
    type: 'choice',
    values: ['town', 'traffic', 'parking', 'shop', 'bank', 'building', 'entrance', 'public_transport_platform'],
  },
  operator: { type: 'text', maxLength: 200 },
  manufacturer: { type: 'text', maxLength: 200 },
  purpose: { type: 'choice', values: ['lez', 'speed', 'section_control', 'police', 'parking'] },
  analytics: { type: 'choice', values: ['face_recognition', 'behaviour', 'counting'] },
  evidence: { type: 'choice', values: ['sign', 'document', 'press'] },
  structure: { type: 'choice', values: ['mast', 'tower'] },
  fiveG: { type: 'choice', values: ['yes', 'no', 'unknown'] },
  audienceMeasurement: { type: 'choice', values: ['yes', 'no', 'unknown'] },
  hostileDesign: { type: 'choice', values: ['spikes', 'bench', 'barrier', 'other'] },
  tracking: { type: 'choice', values: ['wifi', 'bluetooth'] },
  /** The legal pictogram (Belgian camera law of 21 March 2007; model: royal decree of 10 February 2008). */
  signage: { type: 'choice', values: ['pictogram_contact', 'pictogram', 'none', 'unknown'] },
  unitType: { type: 'choice', values: ['camera_van', 'anpr_car', 'camera_mast_trailer'] },
  context: { type: 'choice', values: ['demonstration', 'event', 'routine'] },
  start: { type: 'datetime' },
  end: { type: 'datetime' },
} as const satisfies Record<string, FieldSpec>;
export type FieldName = keyof typeof FIELDS;

const CAMERA_FIELDS = ['cameraType', 'mount', 'direction', 'angle', 'height', 'surveillance', 'zone', 'operator', 'signage'] as const;

export interface KindMeta {
  /** Detail fields in the order the form shows them. */
  fields: readonly FieldName[];
  /** Map colour (also used for the icon background); readable on a light basemap. Icons: src/app/icons. */
  color: string;
}

export const KIND_META: Record<Kind, KindMeta> = {
  camera: { fields: CAMERA_FIELDS, color: '#c0392b' },
  alpr: { fields: ['purpose', 'direction', 'operator', 'manufacturer', 'signage'], color: '#8e44ad' },
  face_recognition: { fields: ['analytics', 'evidence', ...CAMERA_FIELDS], color: '#d35400' },
  sound_sensor: { fields: ['operator'], color: '#16a085' },
  antenna: { fields: ['structure', 'fiveG', 'operator'], color: '#2c3e50' },
  ad_screen: { fields: ['audienceMeasurement', 'operator'], color: '#b7950b' },
  hostile_design: { fields: ['hostileDesign'], color: '#7f8c8d' },
  footfall_sensor: { fields: ['tracking', 'operator'], color: '#2980b9' },
  guard: { fields: ['operator'], color: '#34495e' },
  drone: { fields: ['start', 'end', 'height', 'context', 'operator'], color: '#e74c3c' },
  mobile_unit: { fields: ['unitType', 'start', 'end', 'operator'], color: '#6c3483' },
};

/** Kinds whose observations can carry a view cone on the map. */
export const hasDirection = (kind: Kind): boolean => KIND_META[kind].fields.includes('direction');
