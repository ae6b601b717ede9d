/**
 * reencodePhoto in real Chromium (module worker, createImageBitmap, OffscreenCanvas): EXIF and GPS
 * are gone, the orientation is applied, the longest side is at most 2048 px, and bad files get
 * their typed error. The function runs in a small page built with Vite from tests/e2e/photo-page.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { evaluate, launchChromium, newContext, ROOT, startStaticServer, type Recorder, type RunningServer } from './harness.ts';
import { exifSegment, hasExifHeader, insertSegment, jpegSegments, jpegSize } from './jpeg-bytes.ts';

const APP1 = 0xe1;
const BRUSSELS_GPS = { lat: 50.8467, lon: 4.3525 };

type Result =
  | { ok: true; hash: string; type: string; width: number; height: number; size: number; base64: string }
  | { ok: false; key: string | null; message: string };

let outDir: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let recorder: Recorder;
let page: Page;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'contrechamp-photo-page-'));
  await build({
    root: join(ROOT, 'tests/e2e/photo-page'),
    configFile: false,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  server = await startStaticServer([{ prefix: '/', dir: outDir }]);
  browser = await launchChromium();
  ({ context, recorder } = await newContext(browser, server.origin));
  page = await context.newPage();
  await page.goto('/');
  await page.waitForFunction(() => typeof window.reencodeForTest === 'function');
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  expect(recorder?.foreign ?? []).toEqual([]);
  expect(recorder?.pageErrors ?? []).toEqual([]);
});

const reencode = (bytes: Uint8Array, type = 'image/jpeg'): Promise<Result> =>
  evaluate(page, ([b64, t]: [string, string]) => window.reencodeForTest(b64, t), [Buffer.from(bytes).toString('base64'), type], 30_000);

async function browserJpeg(width: number, height: number): Promise<Uint8Array> {
  const b64 = await evaluate(page, ([w, h]: [number, number]) => window.makeJpegForTest(w, h), [width, height], 30_000);
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

function expectOk(result: Result): asserts result is Extract<Result, { ok: true }> {
  if (!result.ok) throw new Error(`expected a re-encoded photo, got ${result.key}: ${result.message}`);
}

describe('reencodePhoto in Chromium', () => {
  it('drops EXIF and GPS, applies the orientation and fits the longest side in 2048 px', async () => {
    const plain = await browserJpeg(3000, 2000);
    // Orientation 6: the camera was turned a quarter; the picture is seen 2000 wide, 3000 high.
    const withExif = insertSegment(plain, exifSegment({ orientation: 6, ...BRUSSELS_GPS }));
    // The input really carries what must disappear (otherwise this test proves nothing).
    expect(jpegSegments(withExif).some((s) => s.marker === APP1)).toBe(true);
    expect(hasExifHeader(withExif)).toBe(true);

    const result = await reencode(withExif);
    expectOk(result);
    const out = new Uint8Array(Buffer.from(result.base64, 'base64'));

    expect(jpegSegments(out).map((s) => s.marker)).not.toContain(APP1);
    expect(hasExifHeader(out)).toBe(false);
    expect(Buffer.from(out).includes('GPS')).toBe(false);

    const size = jpegSize(out);
    expect(size).toEqual({ width: result.width, height: result.height });
    expect(size).toEqual({ width: 1365, height: 2048 });
    expect(result.type).toBe('image/jpeg');
    expect(result.size).toBe(out.length);
    expect(result.hash).toBe(createHash('sha256').update(out).digest('hex'));
  });

  it('keeps a small photo at its size and gives the same hash for the same bytes', async () => {
    const small = await browserJpeg(640, 480);
    const first = await reencode(small);
    const second = await reencode(small);
    expectOk(first);
    expectOk(second);
    expect(jpegSize(new Uint8Array(Buffer.from(first.base64, 'base64')))).toEqual({ width: 640, height: 480 });
    expect(second.hash).toBe(first.hash);
  });

  it('refuses a file that is not an image, whatever its declared type', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
    expect(await reencode(pdf, 'image/jpeg')).toMatchObject({ ok: false, key: 'photo.notImage' });
  });

  it('refuses a corrupt image', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    garbage.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
    expect(await reencode(garbage)).toMatchObject({ ok: false, key: 'photo.corrupt' });
  });

  it('field case 11: an iPhone HEIC photo, which Chromium cannot decode, becomes a JPEG without EXIF', async (ctx) => {
    const file = join(process.cwd(), '..', 'shared', 'field-cases', '11-heic-photo-chromium', 'IMG_0001.HEIC');
    if (!existsSync(file)) return ctx.skip(`field case 11 is not in ${file}`);
    const heic = new Uint8Array(readFileSync(file));
    // What made the case: this browser itself cannot read the file (else the test proves nothing).
    const browserReads = await evaluate(page, async (b64: string) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      return createImageBitmap(new Blob([bytes], { type: 'image/heic' })).then(() => true, () => false);
    }, Buffer.from(heic).toString('base64'));
    expect(browserReads).toBe(false);

    const result = await reencode(heic, 'image/heic');
    expectOk(result);
    const out = new Uint8Array(Buffer.from(result.base64, 'base64'));
    expect(result.type).toBe('image/jpeg');
    expect(jpegSize(out)).toEqual({ width: 64, height: 48 });
    expect(jpegSegments(out).map((s) => s.marker)).not.toContain(APP1);
    expect(hasExifHeader(out)).toBe(false);
    expect(result.hash).toBe(createHash('sha256').update(out).digest('hex'));
  });

  it('refuses a photo over 30 MB before decoding it', async () => {
    const result = await evaluate(page, (mb) => window.reencodeHugeForTest(mb), 31, 30_000);
    expect(result).toMatchObject({ ok: false, key: 'photo.tooLarge' });
  });
});
