/**
 * The form's directions as the walker edits them: one text in OSM form (`90;270`, `80-100`), one
 * entry per input (entries split on `;`; an added input is an empty entry). Setting a bearing on a
 * range entry (typed, from the compass or the map handle) turns the range and keeps its width.
 * Pure, so it is tested without a DOM.
 */
import { formatDirection, parseDirections, type Direction } from '../../core/direction.ts';

/** The entries of the text, one per input; always at least one. */
export const directionEntries = (text: string): string[] => (text === '' ? [''] : text.split(';'));

/** The one direction an entry holds (a decimal comma accepted), or null when it is empty or unreadable. */
export function entryDirection(entry: string): Direction | null {
  const list = parseDirections(entry.replace(',', '.'));
  return list?.length === 1 ? (list[0] as Direction) : null;
}

/** What an entry's number input shows: a range's middle bearing, else the entry as typed. */
export function entryInputValue(entry: string): string {
  const d = entryDirection(entry);
  return d?.width !== undefined ? String(Math.round(d.bearing * 100) / 100) : entry;
}

/** Entry `index` set to `typed` (degrees as typed, or a heading), keeping the width of a range. */
export function withEntryBearing(text: string, index: number, typed: string): string {
  const entries = directionEntries(text);
  const width = entryDirection(entries[index] ?? '')?.width;
  const n = Number(typed.trim().replace(',', '.'));
  const turnsRange = width !== undefined && typed.trim() !== '' && Number.isFinite(n) && n >= 0 && n < 360;
  entries[index] = turnsRange ? formatDirection({ bearing: n, width }) : typed;
  return entries.join(';');
}

/** One more, empty entry at the end. */
export const withEntryAdded = (text: string): string => [...directionEntries(text), ''].join(';');

/** Entry `index` removed (the last one left is emptied). */
export function withEntryRemoved(text: string, index: number): string {
  const entries = directionEntries(text);
  entries.splice(index, 1);
  return entries.join(';');
}
