/** Streaming helpers for the encoders: they yield strings of a useful size, never one huge string. */

const CHUNK_SIZE = 64 * 1024;

/** Joins small pieces into chunks of about `size` characters, so a consumer writes few large blobs. */
export function* chunked(pieces: Iterable<string>, size: number = CHUNK_SIZE): Generator<string, void, undefined> {
  let buffer: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    length += piece.length;
    if (length >= size) {
      yield buffer.join('');
      buffer = [];
      length = 0;
    }
  }
  if (length > 0) yield buffer.join('');
}

/** The whole output of an encoder as one string (tests and small exports only). */
export const collect = (chunks: Iterable<string>): string => Array.from(chunks).join('');
