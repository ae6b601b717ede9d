/**
 * The ZIP bundle: README.txt, contrechamp.geojson (lossless, tombstones included),
 * contrechamp.csv, sync.json (what the server had acknowledged, so a restore does not push synced
 * observations again), shared.geojson (when asked) and photos/<sha256>.jpg, written as a stream.
 *
 * What bounds memory: entries are written one after the other through fflate's streaming Zip; text
 * goes through in the encoders' 64 KB chunks (deflated), each photo is read from IndexedDB on its
 * own, stored as it is (a JPEG is already compressed) and handed to the sink before the next is read.
 * The sink's write() is awaited, so a slow disk holds the writer back instead of filling a queue.
 * fflate writes no ZIP64: the bundle stops with `export.tooLarge` before it would pass 4 GiB.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { encodeCsv } from '../../core/codecs/csv.ts';
import type { ExportOptions } from '../../core/codecs/export-formats.ts';
import { encodeGeoJson } from '../../core/codecs/geojson.ts';
import { DEFAULT_BUNDLE_FILES } from '../../core/codecs/readme-text.ts';
import type { Observation } from '../../core/observation.ts';
import type { PhotoRecord } from '../../store/db.ts';
import { ExportError } from './export-errors.ts';
import { counting, yieldIfDue, type Progress } from './progress.ts';

/** The README (readmeText) describes the files by these names: one source, the codecs' defaults. */
export const BUNDLE_NAMES = { readme: 'README.txt', photos: 'photos/', ...DEFAULT_BUNDLE_FILES } as const;

/** The ZIP format's 32-bit sizes and offsets, less room for the central directory. */
export const MAX_BUNDLE_BYTES = 0xffff_ffff - 64 * 1024 * 1024;

/** Where the bytes go: a file on disk, an OPFS file, or memory (see save-target.ts). */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
}

export interface BundleSource {
  observations: readonly Observation[];
  /** The shared map, when the walker asked for it. */
  shared?: readonly Observation[];
  /** Observation id → version the server acknowledged. */
  acked: Readonly<Record<string, number>>;
  readPhoto: (hash: string) => Promise<PhotoRecord | undefined>;
  readme: string;
  options?: ExportOptions;
  now?: Date;
}

export interface BundleResult {
  bytes: number;
  photos: number;
  /** Photos an observation names that this device does not have (listed in missing-photos.txt). */
  missing: string[];
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
export const photoEntryName = (photo: Pick<PhotoRecord, 'hash' | 'type'>): string =>
  `${BUNDLE_NAMES.photos}${photo.hash}.${EXTENSIONS[photo.type] ?? 'bin'}`;

/** Every photo hash the observations name, each once, in order of first mention. */
export function photoHashes(observations: readonly Observation[]): string[] {
  const seen = new Set<string>();
  for (const obs of observations) for (const hash of obs.photos) seen.add(hash);
  return [...seen];
}

export async function writeBundle(sink: ByteSink, source: BundleSource, progress?: Progress): Promise<BundleResult> {
  const now = source.now ?? new Date();
  const options = source.options ?? {};
  const hashes = photoHashes(source.observations);
  const shared = source.shared ?? [];
  // Units of work: every record once per text file it goes into, and every photo.
  const total = source.observations.length * 2 + shared.length + hashes.length + 1;
  let done = 0;
  const step = (n = 1) => {
    done += n;
    progress?.(done, total);
  };

  const pending: Uint8Array[] = [];
  let failure: Error | null = null;
  let bytes = 0;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else pending.push(chunk);
  });
  const flush = async () => {
    if (failure) throw failure;
    while (pending.length > 0) {
      const chunk = pending.shift() as Uint8Array;
      bytes += chunk.byteLength;
      if (bytes > MAX_BUNDLE_BYTES) throw new ExportError('export.tooLarge', `the bundle passed ${MAX_BUNDLE_BYTES} bytes (no ZIP64)`);
      await sink.write(chunk);
    }
  };
  const encoder = new TextEncoder();

  const addText = async (name: string, chunks: Iterable<string>) => {
    const entry = new ZipDeflate(name, { level: 6 });
    entry.mtime = now;
    zip.add(entry);
    for (const chunk of chunks) {
      entry.push(encoder.encode(chunk));
      await flush();
      await yieldIfDue();
    }
    entry.push(new Uint8Array(0), true);
    await flush();
  };

  await addText(BUNDLE_NAMES.readme, [source.readme]);
  step();
  await addText(BUNDLE_NAMES.geojson, encodeGeoJson(counting(source.observations, step), options));
  await addText(BUNDLE_NAMES.csv, encodeCsv(counting(source.observations, step), options));
  await addText(BUNDLE_NAMES.sync, [JSON.stringify({ acked: source.acked })]);
  if (source.shared) await addText(BUNDLE_NAMES.shared, encodeGeoJson(counting(shared, step), options));

  const missing: string[] = [];
  let photos = 0;
  for (const hash of hashes) {
    const photo = await source.readPhoto(hash);
    if (!photo) {
      missing.push(hash);
    } else {
      if (bytes + photo.data.byteLength > MAX_BUNDLE_BYTES) {
        throw new ExportError('export.tooLarge', `photo ${hash} would take the bundle past ${MAX_BUNDLE_BYTES} bytes (no ZIP64)`);
      }
      const entry = new ZipPassThrough(photoEntryName(photo));
      entry.mtime = now;
      zip.add(entry);
      entry.push(new Uint8Array(photo.data), true);
      photos += 1;
      await flush();
    }
    step();
    await yieldIfDue();
  }
  if (missing.length > 0) await addText(BUNDLE_NAMES.missing, [missing.map((h) => `${h}\r\n`).join('')]);
  zip.end();
  await flush();
  return { bytes, photos, missing };
}
