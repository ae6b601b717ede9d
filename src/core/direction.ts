/**
 * Directions as OpenStreetMap mappers write them in `direction` and `camera:direction` (OSM wiki
 * Key:direction, Key:camera:direction): degrees (`45`, `22.5`, `-90`, `45°`), the 16 compass points
 * (`N`, `NE`, `ENE`, `SSW`…), the English words `north`…`southwest` (also hyphenated: `north-west`
 * is 315, not an arc), ranges (`80-100`, `340-20` across north, `E-W`: the arc clockwise from the
 * first value to the second) and `;` lists of any of those. Parsing is case-insensitive; spaces
 * around a value, a hyphen or a degree sign are ignored, but two values side by side (`90 270`) are
 * unreadable, never merged into one number.
 *
 * The model keeps every entry of a list as a `Direction`: its bearing and, for a range, its width
 * (the cone it covers); an entry without a width is drawn with the default field of view.
 */
import { z } from './zod.ts';

/**
 * One direction: `bearing` in degrees clockwise from north, [0, 360); `width` in degrees, (0, 360],
 * only for a range (the arc from `bearing - width/2` to `bearing + width/2`).
 */
export interface Direction {
  bearing: number;
  width?: number;
}

/** At most this many directions per device (a pole rarely holds more than four cameras). */
export const MAX_DIRECTIONS = 16;

export const directionSchema = z.strictObject({
  // Below 360, told to people as "at most 359" (validation-messages.ts reads params.key).
  bearing: z.number().check(z.minimum(0), z.refine((n) => n < 360, { params: { key: 'field.tooLarge', max: 359 } })),
  width: z.optional(z.number().check(z.gt(0), z.maximum(360))),
});

/**
 * The list of directions as stored. A single number (what the model held before lists) is read as
 * a list of one, so older devices, files and servers stay readable.
 */
export const directionsSchema = z.pipe(
  z.transform((value: unknown) => (typeof value === 'number' ? [{ bearing: value }] : value)),
  z.array(directionSchema).check(z.minLength(1), z.maxLength(MAX_DIRECTIONS)),
);

const POINTS = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'];
const COMPASS: ReadonlyMap<string, number> = new Map([
  ...POINTS.map((p, i) => [p, i * 22.5] as const),
  ['NORTH', 0],
  ['NORTHEAST', 45],
  ['EAST', 90],
  ['SOUTHEAST', 135],
  ['SOUTH', 180],
  ['SOUTHWEST', 225],
  ['WEST', 270],
  ['NORTHWEST', 315],
]);

const NUMBER = /^-?\d+(?:\.\d+)?°?$/;
// A range: two values (numbers without sign or letters) joined by a hyphen. A leading minus on the
// first value is allowed so that `-90-90` still reads as the arc from 270 to 90.
const RANGE = /^(-?\d+(?:\.\d+)?°?|[A-Z]+)-(\d+(?:\.\d+)?°?|[A-Z]+)$/;
// `north-west`, `south-east`: compass words written with a hyphen are one bearing.
const HYPHENATED_WORD = /^(NORTH|SOUTH)-(EAST|WEST)$/;

/** Any finite number of degrees into [0, 360), without -0. */
export function normaliseDegrees(value: number): number {
  // Add 360 only to negatives: adding it to every value would cost float precision (33.32 → 33.3199…).
  let n = value % 360;
  if (n < 0) n += 360;
  return n === 0 || n === 360 ? 0 : n;
}

function readValue(token: string): number | null {
  if (NUMBER.test(token)) {
    const n = Number.parseFloat(token);
    return Number.isFinite(n) ? normaliseDegrees(n) : null;
  }
  return COMPASS.get(token) ?? null;
}

function readOne(token: string): Direction | null {
  const single = readValue(HYPHENATED_WORD.test(token) ? token.replace('-', '') : token);
  if (single !== null) return { bearing: single };
  const range = RANGE.exec(token);
  if (!range) return null;
  const from = readValue(range[1] as string);
  const to = readValue(range[2] as string);
  if (from === null || to === null) return null;
  // `0-360` (or any arc back to its start) is the full circle.
  const width = normaliseDegrees(to - from) || 360;
  return { bearing: normaliseDegrees(from + width / 2), width };
}

/**
 * Reads a direction value into one entry per `;`-separated part (empty parts are skipped), or null
 * when the text holds no direction, more than MAX_DIRECTIONS, or any part is unreadable (the whole
 * value is then reported unread by the caller, never partly guessed).
 */
export function parseDirections(text: string): Direction[] | null {
  const parts = text.toUpperCase().split(';');
  const out: Direction[] = [];
  for (const raw of parts) {
    const part = raw.trim().replace(/\s*([-°])\s*/g, '$1');
    if (part === '') continue;
    const d = /\s/.test(part) ? null : readOne(part);
    if (!d) return null;
    out.push(d);
  }
  return out.length === 0 || out.length > MAX_DIRECTIONS ? null : out;
}

const formatDegrees = (n: number): string => String((Math.round(normaliseDegrees(n) * 100) / 100) % 360);

/** One direction in OSM form: its bearing, or its range `from-to` (the full circle is `0-360` or `a-a`). */
export function formatDirection(d: Direction): string {
  if (d.width === undefined) return formatDegrees(d.bearing);
  const from = formatDegrees(d.bearing - d.width / 2);
  if (d.width === 360) return `${from}-${from === '0' ? '360' : from}`;
  return `${from}-${formatDegrees(d.bearing + d.width / 2)}`;
}

/** A list of directions in OSM form (`90;270`, `80-100`): degrees with at most two decimals. */
export const formatDirections = (list: readonly Direction[]): string => list.map(formatDirection).join(';');

/** Directions for people to read: `90°, 270°`, a range as `80–100°`. */
export const describeDirections = (list: readonly Direction[]): string =>
  list.map((d) => `${formatDirection(d).replace('-', '–')}°`).join(', ');

/** A camera's horizontal field of view when its direction is no range (degrees); a convention of the collective, not a measurement. */
export const DEFAULT_FIELD_OF_VIEW = 60;

/**
 * The view cones of a `details.direction` value, for the maps and the route exposure: one per
 * direction, its range's width as field of view (a narrow range is a narrow cone), else
 * `DEFAULT_FIELD_OF_VIEW`. Degrees; none when the value is no direction. Accepts the public feed's
 * details as they come (a list, or a bare number from an older server).
 */
export function directionsOf(value: unknown): { bearing: number; fov: number }[] {
  const parsed = directionsSchema.safeParse(value);
  return parsed.success ? parsed.data.map((d) => ({ bearing: d.bearing, fov: d.width ?? DEFAULT_FIELD_OF_VIEW })) : [];
}
