/**
 * Directions as OpenStreetMap mappers write them in `direction` and `camera:direction`:
 * degrees (`45`, `22.5`, `-90`, `45°`), the 16 compass points (`N`, `NE`, `ENE`, `SSW`…), the
 * English words `north`…`southwest` (also hyphenated: `north-west` is 315, not an arc), ranges
 * (`90-270`, `E-W`: the arc clockwise from the first value to the second) and `;` lists of any of
 * those. Parsing is case-insensitive; spaces around a value, a hyphen or a degree sign are ignored,
 * but two values side by side (`90 270`) are unreadable, never merged into one number. We store one
 * integer bearing per observation (details.direction); a range stands for its middle, a list for its
 * first entry, and the OSM reader reports such a value as partly read.
 */

/** One direction: a bearing, or the arc clockwise from `from` to `to`. Degrees in [0, 360). */
export type Direction = { degrees: number } | { from: number; to: number };

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

/** Any finite number of degrees into [0, 360), without -0. */
export function normaliseDegrees(value: number): number {
  // Add 360 only to negatives: adding it to every value would cost float precision (33.32 → 33.3199…).
  let n = value % 360;
  if (n < 0) n += 360;
  return n === 0 || n === 360 ? 0 : n;
}

function readValue(token: string): number | null {
  if (NUMBER.test(token)) {
    const n = Number.parseFloat(token.replace('°', ''));
    return Number.isFinite(n) ? normaliseDegrees(n) : null;
  }
  return COMPASS.get(token) ?? null;
}

// `north-west`, `south-east`: compass words written with a hyphen are one bearing.
const HYPHENATED_WORD = /^(NORTH|SOUTH)-(EAST|WEST)$/;

function readOne(token: string): Direction | null {
  const single = readValue(HYPHENATED_WORD.test(token) ? token.replace('-', '') : token);
  if (single !== null) return { degrees: single };
  const range = RANGE.exec(token);
  if (!range) return null;
  const from = readValue(range[1] as string);
  const to = readValue(range[2] as string);
  return from === null || to === null ? null : { from, to };
}

/**
 * Reads a direction value. Returns one entry per `;`-separated part (empty parts are skipped), or
 * null when the text holds no direction or any part is unreadable.
 */
export function parseDirection(text: string): Direction[] | null {
  const parts = text
    .toUpperCase()
    .split(';')
    .map((p) => p.trim().replace(/\s*([-°])\s*/g, '$1'))
    .filter((p) => p !== '');
  if (parts.length === 0) return null;
  const out: Direction[] = [];
  for (const part of parts) {
    const d = /\s/.test(part) ? null : readOne(part);
    if (!d) return null;
    out.push(d);
  }
  return out;
}

const formatDegrees = (n: number): string => String(Math.round(normaliseDegrees(n) * 100) / 100 % 360);

/** Writes directions back in OSM form: degrees (at most two decimals), `from-to` ranges, `;` lists. */
export function formatDirection(value: number | Direction | readonly Direction[]): string {
  if (typeof value === 'number') return formatDegrees(value);
  const list: readonly Direction[] = Array.isArray(value) ? value : [value as Direction];
  return list.map((d) => ('degrees' in d ? formatDegrees(d.degrees) : `${formatDegrees(d.from)}-${formatDegrees(d.to)}`)).join(';');
}

/** The middle of the clockwise arc from `from` to `to`. */
export function midArc(from: number, to: number): number {
  const span = normaliseDegrees(to - from);
  return normaliseDegrees(from + span / 2);
}

/** The single bearing that stands for a direction (mid-arc for a range), as an integer 0–359. */
export function bearingOf(direction: Direction): number {
  const exact = 'degrees' in direction ? direction.degrees : midArc(direction.from, direction.to);
  return normaliseDegrees(Math.round(exact));
}

/** Parses and returns the bearing of the first entry: what we store in details.direction. */
export function parseBearing(text: string): number | null {
  const dirs = parseDirection(text);
  return dirs && dirs[0] ? bearingOf(dirs[0]) : null;
}
