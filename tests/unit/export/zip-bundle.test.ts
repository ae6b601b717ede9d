/**
 * The ZIP bundle: `unzip -t` accepts it, photos are stored (not recompressed), zip → import gives the
 * same observations and the same photo bytes, and ZIP bombs are refused (declared and lying sizes).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readmeText } from '../../../src/core/codecs/readme-text.ts';
import { tombstone } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { BundleImportError } from '../../../src/app/export/export-errors.ts';
import { readBundle, readImportFile } from '../../../src/app/export/read-import-file.ts';
import { writeBundle, BUNDLE_NAMES, type ByteSink } from '../../../src/app/export/zip-bundle.ts';
import { listZip, ZIP_LIMITS } from '../../../src/app/export/zip-reader.ts';
import type { PhotoRecord } from '../../../src/store/db.ts';
import { applyImport } from '../../../src/store/import.ts';
import { getObservation } from '../../../src/store/observations.ts';
import { getPhoto } from '../../../src/store/photos.ts';
import { at, makeObservation, useFreshDb } from '../store/fixtures.ts';

const { db } = useFreshDb();

/** A tiny JPEG-looking file: SOI, a baseline SOF0 giving its size, pseudo-random payload, EOI. */
function fakeJpeg(seed: number, width = 640, height = 480, payload = 4096): PhotoRecord {
  const bytes = new Uint8Array(2 + 19 + payload + 2);
  bytes.set([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 0);
  let x = seed * 2654435761;
  for (let i = 0; i < payload; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[21 + i] = x >>> 24;
  }
  bytes.set([0xff, 0xd9], bytes.length - 2);
  return {
    hash: createHash('sha256').update(bytes).digest('hex'),
    type: 'image/jpeg',
    data: bytes.buffer,
    width,
    height,
    size: bytes.byteLength,
  };
}

function memorySink(): ByteSink & { bytes: () => Uint8Array<ArrayBuffer> } {
  const chunks: Uint8Array[] = [];
  return {
    write: async (chunk) => {
      chunks.push(chunk.slice());
    },
    bytes: () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      return out;
    },
  };
}

async function bundleOf(observations: Observation[], photos: PhotoRecord[], extra: { shared?: Observation[]; acked?: Record<string, number> } = {}) {
  const sink = memorySink();
  const byHash = new Map(photos.map((p) => [p.hash, p]));
  const result = await writeBundle(sink, {
    observations,
    readPhoto: async (hash) => byHash.get(hash),
    acked: extra.acked ?? {},
    readme: readmeText('fr'),
    now: at(0),
    ...(extra.shared ? { shared: extra.shared } : {}),
  });
  return { bytes: sink.bytes(), result };
}

function unzipTest(bytes: Uint8Array): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'contrechamp-zip-'));
  try {
    const file = join(dir, 'bundle.zip');
    writeFileSync(file, bytes);
    const run = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;

describe('the ZIP bundle', () => {
  const p1 = fakeJpeg(1);
  const p2 = fakeJpeg(2, 2048, 1365);
  const observations = [
    makeObservation({ photos: [p1.hash, p2.hash], notes: 'deux photos, "guillemets", é' }),
    makeObservation({ kind: 'drone', details: {}, photos: [p1.hash] }),
    tombstone(makeObservation({ notes: 'gone' }), at(2)),
    makeObservation({ photos: ['f'.repeat(64)] }),
  ];

  it.skipIf(!hasUnzip)('is accepted by unzip -t', async () => {
    const { bytes } = await bundleOf(observations, [p1, p2]);
    const { status, output } = unzipTest(bytes);
    expect(output).toContain('No errors detected');
    expect(status).toBe(0);
    for (const name of [BUNDLE_NAMES.readme, BUNDLE_NAMES.geojson, BUNDLE_NAMES.csv, BUNDLE_NAMES.sync, `photos/${p1.hash}.jpg`]) {
      expect(output).toContain(name);
    }
  });

  it('stores photos without recompressing them, each once, and lists the missing one', async () => {
    const { bytes, result } = await bundleOf(observations, [p1, p2]);
    const photos = listZip(bytes).filter((e) => e.name.startsWith('photos/'));
    expect(photos.map((e) => e.name).sort()).toEqual([`photos/${p1.hash}.jpg`, `photos/${p2.hash}.jpg`].sort());
    for (const entry of photos) {
      expect(entry.method).toBe(0);
      expect(entry.compressedSize).toBe(entry.size);
    }
    expect(result.photos).toBe(2);
    expect(result.missing).toEqual(['f'.repeat(64)]);
    expect(listZip(bytes).map((e) => e.name)).toContain(BUNDLE_NAMES.missing);
  });

  it('round trip: zip → import brings back the same observations and the same photo bytes', async () => {
    const shared = [makeObservation({ notes: 'shared one' })];
    const { bytes } = await bundleOf(observations, [p1, p2], { shared, acked: { [observations[0]!.id]: 1 } });
    const source = await readImportFile(new Blob([bytes]));
    expect(source.format).toBe('bundle');
    expect(source.skippedTotal).toBe(0);
    expect(source.bundle.acked).toEqual({ [observations[0]!.id]: 1 });
    expect(source.bundle.photos?.map((p) => [p.hash, p.width, p.height]).sort()).toEqual(
      [
        [p1.hash, 640, 480],
        [p2.hash, 2048, 1365],
      ].sort(),
    );

    const plan = await applyImport(db(), source.bundle);
    expect(plan.totals.new).toBe(4);
    expect(plan.shared.new).toBe(1);
    for (const obs of observations) expect(await getObservation(db(), obs.id)).toEqual(obs);
    for (const photo of [p1, p2]) {
      const stored = await getPhoto(db(), photo.hash);
      expect(new Uint8Array(stored!.data)).toEqual(new Uint8Array(photo.data));
    }
    // Importing the same ZIP again changes nothing.
    const again = await applyImport(db(), (await readImportFile(new Blob([bytes]))).bundle);
    expect(again.totals).toEqual({ new: 0, updated: 0, unchanged: 4, older: 0 });
    expect(again.photos.added).toBe(0);
  });

  it('skips a photo whose bytes do not match its name', async () => {
    const obs = makeObservation({ photos: [p1.hash] });
    const forged: PhotoRecord = { ...p1, data: fakeJpeg(99).data };
    const { bytes } = await bundleOf([obs], [forged]);
    const source = await readImportFile(new Blob([bytes]));
    expect(source.bundle.photos).toEqual([]);
    expect(source.skippedPhotos).toEqual([{ name: `photos/${p1.hash}.jpg`, reason: 'import.photoMismatch' }]);
  });
});

async function refusal(promise: Promise<unknown>): Promise<BundleImportError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleImportError);
  return error as BundleImportError;
}

/** Sets the uncompressed size of the first central-directory entry (a lying header). */
function lieAboutSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = out.length - 22; i >= 0; i -= 1) {
    if (view.getUint32(i, true) === 0x06054b50) {
      const dir = view.getUint32(i + 16, true);
      view.setUint32(dir + 24, size, true);
      // fflate writes the sizes in the local header too; a streaming reader would trust those.
      const local = view.getUint32(dir + 42, true);
      view.setUint32(local + 22, size, true);
      return out;
    }
  }
  throw new Error('expected an end of central directory record');
}

describe('ZIP bombs', () => {
  const zeros = new Uint8Array(16 * 1024 * 1024);
  let packed: Uint8Array | null = null;
  const zeroBomb = () => (packed ??= zipSync({ [BUNDLE_NAMES.geojson]: zeros }, { level: 6 }));

  it('refuses an entry whose declared ratio is too high, before inflating', async () => {
    const bomb = zeroBomb();
    expect(bomb.length).toBeLessThan(zeros.length / ZIP_LIMITS.maxRatio);
    const error = await refusal(readBundle(bomb));
    expect(error.key).toBe('import.zipBomb');
  });

  it('refuses an entry that inflates past what its header declares, while inflating', async () => {
    const bomb = lieAboutSize(zeroBomb(), 100_000);
    const error = await refusal(readBundle(bomb));
    // Caught by the output count (ratio or declared size, whichever is passed first), not the header.
    expect(error.message).toMatch(/unpacks (more|to more)/);
  });

  it('refuses an archive whose entries together pass the total limit', async () => {
    const photos = [fakeJpeg(3, 10, 10, 300_000), fakeJpeg(4, 10, 10, 300_000)];
    const obs = makeObservation({ photos: photos.map((p) => p.hash) });
    const { bytes } = await bundleOf([obs], photos);
    const error = await refusal(readBundle(bytes, { ...ZIP_LIMITS, maxTotalBytes: 500_000 }));
    expect(error.key).toBe('import.zipBomb');
  });

  it('refuses too many entries', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 30; i += 1) files[`f${i}.txt`] = new Uint8Array(1);
    const error = await refusal(readBundle(zipSync(files), { ...ZIP_LIMITS, maxEntries: 20 }));
    expect(error.key).toBe('import.zipBomb');
  });

  it('refuses a ZIP without data, and a file that only looks like one', async () => {
    expect((await refusal(readBundle(zipSync({ 'notes.txt': new Uint8Array(3) })))).key).toBe('import.zipNoData');
    expect((await refusal(readImportFile(new Blob([new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3])])))).key).toBe('import.zipUnsupported');
  });
});
