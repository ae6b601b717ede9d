/**
 * Photos in S3-compatible object storage (S3_ENDPOINT, S3_BUCKET): put, got and found again in the
 * bucket (not in DATA_DIR), through a real S3 server (s3rver) on a loopback port; the store down
 * answers 503 with Retry-After, and the same photo goes in once it is back.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../../src/server/config.ts';
import { call, registerDevice, startServer, tempDir, type TestServer } from './server-harness.ts';

const BUCKET = 'contrechamp-photos';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const jpeg = (r: number) => sharp({ create: { width: 32, height: 24, channels: 3, background: { r, g: 60, b: 90 } } }).jpeg().toBuffer();

let s3: S3rver;
let s3Dir: string;
let port: number;
let s: TestServer;
let token: string;
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

async function startS3(): Promise<void> {
  s3 = new S3rver({ address: '127.0.0.1', port, directory: s3Dir, silent: true, configureBuckets: [{ name: BUCKET }] });
  port = (await s3.run()).port;
}

/** Read back by its sender: a photo is public only once a moderator publishes its device. */
const get = (hash: string) => fetch(`${s.url}/api/v1/photos/${hash}`, { headers: { authorization: `Bearer ${token}` } });

const put = (hash: string, body: Buffer) =>
  call(`${s.url}/api/v1/photos/${hash}`, { method: 'PUT', token, headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(body) });

beforeAll(async () => {
  // s3rver's fixed test credentials, read by the AWS SDK from the standard variables.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  s3Dir = tempDir('s3');
  port = 0;
  await startS3();
  s = await startServer({ s3: { endpoint: `http://127.0.0.1:${port}`, bucket: BUCKET } });
  token = await registerDevice(s.url);
});

afterAll(async () => {
  await s.close();
  await s3.close().catch(() => undefined);
  fs.rmSync(s3Dir, { recursive: true, force: true });
  process.env.AWS_ACCESS_KEY_ID = saved.id;
  process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
});

describe('photos in S3-compatible object storage', () => {
  it('puts a photo in the bucket, gets it back byte for byte, and finds it again', async () => {
    const img = await jpeg(10);
    const hash = sha(img);
    const first = await put(hash, img);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'stored', hash, stripped: false });
    expect((await put(hash, img)).body.status).toBe('exists');

    const got = await get(hash);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(hash);

    // In the bucket, not in DATA_DIR.
    const inBucket = fs.readdirSync(s3Dir, { recursive: true }).map(String);
    expect(inBucket.some((f) => f.includes(hash))).toBe(true);
    expect(fs.existsSync(path.join(s.dataDir, 'photos', hash.slice(0, 2), hash))).toBe(false);
  });

  it('answers 503 with Retry-After while the store is down, and takes the photo once it is back', { timeout: 60_000 }, async () => {
    const img = await jpeg(200);
    const hash = sha(img);
    await s3.close();
    const down = await put(hash, img);
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('unavailable');
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    // Nothing recorded: the retry is a new put, not an "exists" without bytes.
    await startS3();
    const again = await put(hash, img);
    expect(again.status).toBe(201);
    const got = await get(hash);
    expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(hash);
  });
});

describe('S3 configuration', () => {
  it('takes S3_ENDPOINT and S3_BUCKET together, and refuses one without the other', () => {
    expect(configFromEnv({ S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'b' }).s3).toEqual({ endpoint: 'http://minio:9000', bucket: 'b' });
    expect(configFromEnv({}).s3).toBeNull();
    expect(() => configFromEnv({ S3_BUCKET: 'b' })).toThrow(/S3_ENDPOINT and S3_BUCKET go together/);
  });
});
