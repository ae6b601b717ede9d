/**
 * Case 11: an iPhone HEIC photo, which Chromium cannot decode. libheif (WebAssembly) decodes it to
 * pixels; the browser part (pixels to a JPEG without EXIF) is tests/e2e/photo-reencode.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeHeic } from '../../../src/app/photos/heic-decoder.ts';
import { sniffImageType } from '../../../src/app/photos/image-format.ts';
import { readFieldCaseBytes } from './field-case-files.ts';

const CASE = '11-heic-photo-chromium';

describe('field case 11: a HEIC photo from an iPhone', () => {
  it('is sniffed as HEIC and decoded to its 64×48 opaque pixels', async (ctx) => {
    const bytes = readFieldCaseBytes(ctx, CASE, 'IMG_0001.HEIC');
    expect(sniffImageType(bytes)).toBe('image/heic');
    const pixels = await decodeHeic(bytes);
    expect([pixels.width, pixels.height]).toEqual([64, 48]);
    expect(pixels.data).toHaveLength(64 * 48 * 4);
    const alpha = pixels.data.filter((_, i) => i % 4 === 3);
    expect(alpha.every((a) => a === 255)).toBe(true);
    // A picture, not a blank: its pixels are not all one colour.
    const first = pixels.data.slice(0, 3).join();
    expect([...Array(64 * 48).keys()].some((p) => pixels.data.slice(p * 4, p * 4 + 3).join() !== first)).toBe(true);
  });

  it('refuses bytes that are no HEIF', async () => {
    const notHeif = new TextEncoder().encode('\0\0\0\x18ftypheic this is not really a HEIF file at all');
    await expect(decodeHeic(notHeif)).rejects.toThrow(/expected an image/);
  });
});
