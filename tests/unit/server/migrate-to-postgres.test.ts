/**
 * `npm run server -- migrate-to-postgres`: a SQLite deployment of 10,000 observations (one in ten
 * with a photo, 100 published) moves to PostgreSQL and S3; the counts are checked, the device and
 * the moderator go on with their tokens, the photos come back from the bucket, and a second run
 * into the same database is refused. Skips with a message where PostgreSQL is not installed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { newObservation } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { runCli } from '../../../src/server/cli.ts';
import { freshDatabase, postgresMissing } from './pg-cluster.ts';
import { addModeratorTo, asCreate, call, decide, pullAll, pushBatch, registerDevice, startServer, tempDir } from './server-harness.ts';

if (postgresMissing) console.warn(`migrate-to-postgres.test.ts skipped: ${postgresMissing}`);

const COUNT = 10_000;
const BUCKET = 'migrated-photos';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const cleanup: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

describe.skipIf(postgresMissing !== null)('migrate-to-postgres', () => {
  it('moves 10,000 observations, their photos and the tokens; counts checked; devices go on syncing', { timeout: 600_000 }, async () => {
    const dataDir = tempDir('to-pg');
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const old = await startServer({ dataDir, rateLimits: { perToken: { max: 1e6, timeWindowMs: 60_000 } } });
    const token = await registerDevice(old.url);
    const moderator = await addModeratorTo(old, 'Migrated moderator');
    const photos: string[] = [];
    const all: Observation[] = [];
    for (let i = 0; i < COUNT; i++) {
      let photo: string[] = [];
      if (i % 10 === 0) {
        const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: i % 256, g: (i >> 8) % 256, b: 7 } } }).png().toBuffer();
        const hash = sha(png);
        const put = await call(`${old.url}/api/v1/photos/${hash}`, { method: 'PUT', token, body: new Uint8Array(png) });
        expect(put.status).toBe(201);
        photos.push(hash);
        photo = [hash];
      }
      all.push(newObservation({ kind: 'camera', position: { lon: 4.25 + (i % 100) * 0.0015, lat: 50.76 + Math.floor(i / 100) * 0.001, accuracy: 5, source: 'gps' }, details: { cameraType: 'dome' }, photos: photo }));
    }
    for (let i = 0; i < COUNT; i += 500) expect((await pushBatch(old.url, token, all.slice(i, i + 500).map(asCreate))).status).toBe(200);
    const published = all.filter((_, i) => i % 100 === 0).map((o) => o.id);
    expect((await decide(old.url, moderator, published.map((id) => ({ decision: 'publish', id })))).status).toBe(200);
    await old.server.app.close();

    const s3Dir = tempDir('to-pg-s3');
    const s3 = new S3rver({ address: '127.0.0.1', port: 0, directory: s3Dir, silent: true, configureBuckets: [{ name: BUCKET }] });
    const { port } = await s3.run();
    cleanup.push(() => s3.close(), () => fs.rmSync(s3Dir, { recursive: true, force: true }));
    const databaseUrl = await freshDatabase();
    const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: BUCKET, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
    // The AWS SDK reads its credentials from the process's environment.
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    cleanup.push(() => {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    });
    expect(await runCli(['migrate-to-postgres'], env)).toBe(0);
    // Into a database that holds data already: refused, nothing changed.
    await expect(runCli(['migrate-to-postgres'], env)).rejects.toThrow(/already holds/);

    const moved = await startServer({ dataDir: tempDir('to-pg-node'), databaseUrl, s3: { endpoint: env.S3_ENDPOINT, bucket: BUCKET }, rateLimits: { perToken: { max: 1e6, timeWindowMs: 60_000 } } });
    cleanup.push(() => moved.close());
    const pulled = await pullAll(moved.url, token, 1000);
    expect(pulled).toHaveLength(COUNT);
    expect(new Set(pulled.map((o) => o.id))).toEqual(new Set(all.map((o) => o.id)));
    const queue = await call(`${moved.url}/api/v1/moderation/queue`, { token: moderator });
    expect(queue.status).toBe(200);
    expect(queue.body.total).toBe(COUNT - published.length);
    // Photos from the bucket: the sender reads any; anyone reads a published device's.
    for (const hash of photos.slice(0, 20)) {
      const got = await fetch(`${moved.url}/api/v1/photos/${hash}`, { headers: { authorization: `Bearer ${token}` } });
      expect(got.status).toBe(200);
      expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(hash);
    }
    expect((await fetch(`${moved.url}/api/v1/photos/${photos[0]}`)).status).toBe(200);
    // New writes go on after the migrated rows (ids and sequences moved on).
    expect((await pushBatch(moved.url, token, [asCreate(newObservation({ kind: 'camera', position: { lon: 4.35, lat: 50.85, accuracy: 5, source: 'gps' }, details: {} }))])).status).toBe(200);
    expect(await registerDevice(moved.url)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await decide(moved.url, await addModeratorTo(moved, 'After'), [{ decision: 'publish', id: all[1]!.id }])).body.results[0].status).toBe('applied');
  });
});
