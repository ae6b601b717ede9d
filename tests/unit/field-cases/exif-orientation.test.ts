/**
 * Field case 10: a portrait photo whose EXIF Orientation (6, rotate 90° clockwise) reaches the
 * server is turned upright before its metadata is stripped, so it is stored 20×40 with red on top
 * and no EXIF left, in JPEG and in WebP.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerDevice, startServer, type TestServer } from '../server/server-harness.ts';
import { readFieldCaseBytes } from './field-case-files.ts';

const CASE = '10-exif-orientation-server-strip';
let s: TestServer;
let token: string;

beforeAll(async () => {
  s = await startServer();
  token = await registerDevice(s.url);
});
afterAll(() => s.close());

describe('field case 10: orientation applied before the server strips EXIF', () => {
  for (const file of ['portrait-orientation6.jpg', 'portrait-orientation6.webp']) {
    it(`${file} comes back upright (20×40, red on top, blue below) without EXIF`, async (ctx) => {
      const bytes = readFieldCaseBytes(ctx, CASE, file);
      expect((await sharp(bytes).metadata()).orientation).toBe(6);
      const hash = createHash('sha256').update(bytes).digest('hex');
      const put = await call(`${s.url}/api/v1/photos/${hash}`, {
        method: 'PUT',
        token,
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(bytes),
      });
      expect(put.status).toBe(201);
      expect(put.body).toMatchObject({ status: 'stored', stripped: true });
      const got = await fetch(`${s.url}/api/v1/photos/${hash}`, { headers: { authorization: `Bearer ${token}` } });
      const stored = Buffer.from(await got.arrayBuffer());
      const meta = await sharp(stored).metadata();
      expect([meta.width, meta.height]).toEqual([20, 40]);
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      const { data, info } = await sharp(stored).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
      const [topR, , topB] = pixel(10, 5);
      const [bottomR, , bottomB] = pixel(10, 34);
      expect(topR).toBeGreaterThan(150);
      expect(topB).toBeLessThan(80);
      expect(bottomB).toBeGreaterThan(150);
      expect(bottomR).toBeLessThan(80);
    });
  }
});
