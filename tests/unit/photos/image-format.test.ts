import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitWithin, MAX_SIDE, sniffImageType } from '../../../src/app/photos/image-format.ts';

const bytes = (...parts: Array<number[] | string>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffImageType', () => {
  it.each([
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF')],
    ['image/png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
    ['image/gif', bytes('GIF89a', [1, 0])],
    ['image/webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['image/bmp', bytes('BM', [0, 0, 0, 0])],
    ['image/heic', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0])],
    ['image/avif', bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0])],
  ])('recognises %s', (type, head) => {
    expect(sniffImageType(head)).toBe(type);
  });

  it.each([
    ['a PDF', bytes('%PDF-1.7\n')],
    ['plain text', bytes('hello, world')],
    ['an MP4 video', bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 0, 0])],
    ['an empty file', bytes()],
    ['a truncated JPEG marker', bytes([0xff, 0xd8])],
  ])('refuses %s', (_name, head) => {
    expect(sniffImageType(head)).toBeNull();
  });
});

describe('fitWithin', () => {
  it('keeps small images as they are', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('brings a 12 MP photo down to 2048 on its longest side', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1536, height: 2048 });
  });

  it('never exceeds the limit, never upscales, keeps the aspect ratio', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }), (w, h) => {
        const out = fitWithin(w, h);
        expect(Math.max(out.width, out.height)).toBeLessThanOrEqual(MAX_SIDE);
        expect(out.width).toBeLessThanOrEqual(w);
        expect(out.height).toBeLessThanOrEqual(h);
        expect(out.width).toBeGreaterThanOrEqual(1);
        if (Math.min(out.width, out.height) > 20) {
          expect(Math.abs(out.width / out.height - w / h) / (w / h)).toBeLessThan(0.05);
        }
      }),
    );
  });

  it('refuses an empty size', () => {
    expect(() => fitWithin(0, 10)).toThrow(RangeError);
  });
});
