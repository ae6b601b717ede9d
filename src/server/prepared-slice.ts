/**
 * How a slice of prepared changes (prepared-change.ts) crosses from a batch reader's thread to the
 * main thread: the texts of its valid changes joined in one string, their numbers in one
 * Float64Array, the few invalid results apart. Copying two flat values between threads costs a
 * fraction of copying hundreds of small objects, each with its property names.
 */
import type { InvalidResult } from '../core/wire.ts';
import { isPrepared, type PreparedChange, type PreparedItem } from './prepared-change.ts';

export interface PackedSlice {
  /** Changes in the slice, valid or not. */
  count: number;
  /** id, kind, public id and body of each valid change, in order, joined by NUL (which JSON text,
   * a UUID, a kind and a hex id never hold). */
  text: string;
  /** version, deleted, lon, lat and baseVersion (NaN for null) of each valid change, in order. */
  numbers: Float64Array;
  /** The invalid changes: their place in the slice and their result. */
  invalid: [index: number, result: InvalidResult][];
}

const TEXTS = 4;
const NUMBERS = 5;

export function packSlice(items: readonly PreparedItem[]): PackedSlice {
  const texts: string[] = [];
  const valid = items.filter(isPrepared).length;
  const numbers = new Float64Array(valid * NUMBERS);
  const invalid: PackedSlice['invalid'] = [];
  let n = 0;
  items.forEach((item, index) => {
    if (!isPrepared(item)) {
      invalid.push([index, item]);
      return;
    }
    texts.push(item.id, item.kind, item.publicId, item.body);
    numbers[n++] = item.version;
    numbers[n++] = item.deleted;
    numbers[n++] = item.lon;
    numbers[n++] = item.lat;
    numbers[n++] = item.baseVersion ?? Number.NaN;
  });
  return { count: items.length, text: texts.join('\0'), numbers, invalid };
}

/** The slice's items again, in order, as `packSlice` took them. */
export function unpackSlice(slice: PackedSlice): PreparedItem[] {
  const texts = slice.text === '' ? [] : slice.text.split('\0');
  const { numbers } = slice;
  const items: PreparedItem[] = [];
  let t = 0;
  let n = 0;
  let nextInvalid = 0;
  for (let index = 0; index < slice.count; index++) {
    const bad = slice.invalid[nextInvalid];
    if (bad && bad[0] === index) {
      items.push(bad[1]);
      nextInvalid++;
      continue;
    }
    const baseVersion = numbers[n + 4]!;
    const change: PreparedChange = {
      id: texts[t]!,
      kind: texts[t + 1]!,
      publicId: texts[t + 2]!,
      body: texts[t + 3]!,
      version: numbers[n]!,
      deleted: numbers[n + 1] === 1 ? 1 : 0,
      lon: numbers[n + 2]!,
      lat: numbers[n + 3]!,
      baseVersion: Number.isNaN(baseVersion) ? null : baseVersion,
    };
    items.push(change);
    t += TEXTS;
    n += NUMBERS;
  }
  return items;
}
