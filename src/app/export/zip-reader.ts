/**
 * Reads the entries of a ZIP (the bundle, or any ZIP a walker picks) from its central directory,
 * with the limits that stop ZIP bombs: the number of entries, each entry's and the whole archive's
 * unpacked size, and the ratio of unpacked to packed bytes. The declared sizes are checked first,
 * then the real output is counted WHILE inflating (fflate's streaming Inflate, fed small pieces), so a
 * header that lies about its size is caught after at most one piece's worth of output.
 * No ZIP64, no encryption (the bundle uses neither); other compression methods are skipped.
 */
import { Inflate } from 'fflate';
import { BundleImportError } from './export-errors.ts';

export const ZIP_LIMITS = {
  maxEntries: 50_000,
  /** Everything unpacked together (photos included: they are held until the one import transaction). */
  maxTotalBytes: 1024 * 1024 * 1024,
  maxEntryBytes: 256 * 1024 * 1024,
  /** Deflated JSON and CSV reach 10–30; a bomb reaches 1000. */
  maxRatio: 100,
  /** Small entries may compress well beyond the ratio (a README of spaces); this much is always allowed. */
  ratioSlackBytes: 1024 * 1024,
} as const;
export type ZipLimits = { -readonly [K in keyof typeof ZIP_LIMITS]: number };

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  encrypted: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const PIECE = 16 * 1024;

const unsupported = (detail: string) => new BundleImportError('import.zipUnsupported', detail);

/** The entries listed in the central directory. */
export function listZip(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is within the last 22 + 65,535 (comment) bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unsupported('no end of central directory record');
  const count = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw unsupported('ZIP64 archive');
  if (count > limits.maxEntries) {
    throw new BundleImportError('import.zipBomb', `${count} entries, more than ${limits.maxEntries}`, { max: limits.maxEntries });
  }
  if (dirOffset + dirSize > end) throw unsupported('central directory out of bounds');
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw unsupported(`central directory entry ${i} is damaged`);
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const entry: ZipEntry = {
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      encrypted: (flags & 1) === 1,
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw unsupported(`entry ${entry.name} uses ZIP64`);
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function tooMuch(detail: string, limits: ZipLimits): BundleImportError {
  return new BundleImportError('import.zipBomb', detail, { max: limits.maxTotalBytes, ratio: limits.maxRatio });
}

/** Keeps count of what has been unpacked so far across entries. */
export interface UnpackBudget {
  used: number;
}

/** The bytes of one entry; refuses it as soon as its output passes a limit. */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, budget: UnpackBudget, limits: ZipLimits = ZIP_LIMITS): Uint8Array {
  if (entry.encrypted) throw unsupported(`entry ${entry.name} is encrypted`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw unsupported(`entry ${entry.name}: no local header`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const packed = bytes.subarray(start, start + entry.compressedSize);
  if (packed.length !== entry.compressedSize) throw unsupported(`entry ${entry.name} is cut short`);

  // Each entry's output may not pass its declared size, the per-entry cap, the ratio, or the budget.
  const ratioCap = limits.maxRatio * entry.compressedSize + limits.ratioSlackBytes;
  const cap = Math.min(entry.size, limits.maxEntryBytes, ratioCap);
  const check = (produced: number) => {
    if (produced > ratioCap) throw tooMuch(`${entry.name} unpacks more than ${limits.maxRatio} times its packed size`, limits);
    if (produced > limits.maxEntryBytes) throw tooMuch(`${entry.name} unpacks to more than ${limits.maxEntryBytes} bytes`, limits);
    if (produced > entry.size) throw unsupported(`${entry.name} unpacks to more than its declared ${entry.size} bytes`);
    if (budget.used + produced > limits.maxTotalBytes) throw tooMuch(`unpacking passes ${limits.maxTotalBytes} bytes in all`, limits);
  };
  // Declared sizes first: an honest bomb is refused before any work.
  if (entry.size > limits.maxEntryBytes || entry.size > ratioCap || budget.used + entry.size > limits.maxTotalBytes) {
    throw tooMuch(`${entry.name} declares ${entry.size} bytes from ${entry.compressedSize}`, limits);
  }

  let out: Uint8Array;
  if (entry.method === 0) {
    check(packed.length);
    out = packed.slice();
  } else if (entry.method === 8) {
    out = new Uint8Array(cap);
    let produced = 0;
    let ended = false;
    const inflate = new Inflate((chunk, final) => {
      check(produced + chunk.length);
      out.set(chunk, produced);
      produced += chunk.length;
      if (final) ended = true;
    });
    try {
      for (let i = 0; i < packed.length; i += PIECE) inflate.push(packed.subarray(i, i + PIECE), i + PIECE >= packed.length);
      if (packed.length === 0) inflate.push(new Uint8Array(0), true);
    } catch (error) {
      if (error instanceof BundleImportError) throw error;
      throw unsupported(`${entry.name} does not inflate: ${(error as Error).message}`);
    }
    if (!ended && packed.length > 0) throw unsupported(`${entry.name}: the deflate stream does not end`);
    if (produced !== entry.size) throw unsupported(`${entry.name} unpacks to ${produced} bytes, not the declared ${entry.size}`);
    out = out.subarray(0, produced);
  } else {
    throw unsupported(`${entry.name}: compression method ${entry.method}`);
  }
  budget.used += out.length;
  return out;
}
