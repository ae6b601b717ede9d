import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES } from '../../../src/server/photo-store.ts';
import { tombstone } from '../../../src/core/observation-factory.ts';
import { addModeratorTo, asCreate, call, camera, decide, pushBatch, registerDevice, startServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let token: string;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const put = (hash: string, body: Buffer, type = 'image/jpeg') =>
  call(`${s.url}/api/v1/photos/${hash}`, { method: 'PUT', token, headers: { 'content-type': type }, body: new Uint8Array(body) });

/** A JPEG as the phone's re-encoder makes it: pixels only. */
const cleanJpeg = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();

/** A JPEG straight from a camera: EXIF with a GPS position and the camera's make. */
const jpegWithExif = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 30, g: 200, b: 30 } } })
    .withExif({
      IFD0: { Make: 'SpyCam', Model: 'Model X', Copyright: 'Walker Name' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 50/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '4/1 21/1 0/1' },
    })
    .jpeg()
    .toBuffer();

beforeAll(async () => {
  s = await startServer();
  token = await registerDevice(s.url);
});
afterAll(() => s.close());

describe('GET /api/v1/photos/:sha256: public only with publication', () => {
  it('serves a photo to its sender and the moderators; to anyone once a published device shows it; never one kept private', async () => {
    const jpeg = (r: number) => sharp({ create: { width: 32, height: 24, channels: 3, background: { r, g: 10, b: 90 } } }).jpeg().toBuffer();
    const [wall, face] = [await jpeg(11), await jpeg(12)];
    const obs = { ...camera(1), photos: [sha(wall), sha(face)] };
    await pushBatch(s.url, token, [asCreate(obs)]);
    await put(sha(wall), wall);
    await put(sha(face), face);
    const get = (hash: string, as?: string) => fetch(`${s.url}/api/v1/photos/${hash}`, as ? { headers: { authorization: `Bearer ${as}` } } : {});
    const other = await registerDevice(s.url);
    const mod = await addModeratorTo(s, 'Photo moderator');
    expect((await get(sha(wall))).status).toBe(404);
    expect((await get(sha(wall), other)).status).toBe(404);
    expect((await get(sha(wall), token)).status).toBe(200);
    expect((await get(sha(wall), mod)).status).toBe(200);
    expect((await decide(s.url, mod, [{ decision: 'publish', id: obs.id, privatePhotos: [sha(face)] }])).status).toBe(200);
    expect((await get(sha(wall))).status).toBe(200);
    expect((await get(sha(face))).status).toBe(404);
    expect((await get(sha(face), mod)).status).toBe(200);
    // Its author deletes it: gone from the public with its photos.
    expect((await pushBatch(s.url, token, [{ ...tombstone(obs), baseVersion: 1 }])).body.results[0].status).toBe('updated');
    expect((await get(sha(wall))).status).toBe(404);
  });
});

describe('PUT /api/v1/photos/:sha256', () => {
  it('stores a clean photo byte for byte under its hash; the same photo twice is a no-op', async () => {
    const img = await cleanJpeg();
    const hash = sha(img);
    const first = await put(hash, img);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ status: 'stored', hash, type: 'image/jpeg', stripped: false });
    const again = await put(hash, img);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('exists');
    const got = await fetch(`${s.url}/api/v1/photos/${hash}`, { headers: { authorization: `Bearer ${token}` } });
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('cache-control')).toContain('immutable');
    expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(hash);
  });

  it('strips EXIF (GPS, make) that reached it, keeping the image under the client hash', async () => {
    const img = await jpegWithExif();
    expect((await sharp(img).metadata()).exif).toBeDefined();
    const hash = sha(img);
    const r = await put(hash, img, 'application/octet-stream');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'stored', type: 'image/jpeg', stripped: true });
    const stored = Buffer.from(await (await fetch(`${s.url}/api/v1/photos/${hash}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.width).toBe(64);
    expect(stored.includes(Buffer.from('SpyCam'))).toBe(false);
  });

  it('rejects bytes that do not match the hash, bytes that are not an image, and a corrupt image', async () => {
    const img = await cleanJpeg();
    const wrong = await put('0'.repeat(64), img);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('hash_mismatch');

    const text = Buffer.from('GIF89a? no, just text pretending');
    const notImage = await put(sha(text), text);
    expect(notImage.status).toBe(415);
    expect(notImage.body.error.code).toBe('not_an_image');

    const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]);
    const bad = await put(sha(corrupt), corrupt);
    expect(bad.status).toBe(415);
    expect(bad.body.error.code).toBe('not_an_image');

    const badPath = await put('ABC', img);
    expect(badPath.status).toBe(400);
    // None of them was stored.
    expect((await fetch(`${s.url}/api/v1/photos/${sha(text)}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('rejects a photo over 10 MB', async () => {
    const big = Buffer.alloc(MAX_PHOTO_BYTES + 1, 1);
    big[0] = 0xff;
    big[1] = 0xd8;
    big[2] = 0xff;
    const r = await put(sha(big), big);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('body_too_large');
  });
});
