/**
 * The batch push read in worker threads and written slice by slice: bad changes anywhere in a full
 * batch (at the edges of slices too) are answered in their place, several pushes at once each land
 * whole and once, a batch's open transaction lets nothing in before its commit, and a batch whose
 * reading fails leaves nothing stored.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_CHANGES } from '../../../src/core/wire.ts';
import { tombstone } from '../../../src/core/observation-factory.ts';
import { prepareChanges } from '../../../src/server/prepared-change.ts';
import { packSlice, unpackSlice } from '../../../src/server/prepared-slice.ts';
import { publicIdMaker } from '../../../src/server/public-id.ts';
import { asCreate, call, camera, pull, pullAll, pushBatch, registerDevice, sqlRows, startServer, tempDir, TEST_STORE, type TestServer } from './server-harness.ts';

let s: TestServer;
let token: string;

beforeAll(async () => {
  s = await startServer();
  token = await registerDevice(s.url);
});
afterAll(() => s.close());

const statuses = (r: { body: { results: { status: string }[] } }) => r.body.results.map((x) => x.status);

describe('a full batch read in slices', () => {
  it('answers bad changes in their place, at the edges of slices too, and applies every other one', async () => {
    // Slices of 10, then 50 each (batch-worker.ts): 0–9, 10–59, 60–109…
    const bad = new Set([0, 9, 10, 11, 59, 60, 109, 110, 250, 498, 499]);
    const changes = Array.from({ length: MAX_BATCH_CHANGES }, (_, i) => {
      const c = asCreate(camera(10_000 + i));
      return bad.has(i) ? { ...c, position: { ...c.position, lat: 91 } } : c;
    });
    const r = await pushBatch(s.url, token, changes);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_items');
    expect(r.body.results).toHaveLength(MAX_BATCH_CHANGES);
    r.body.results.forEach((result: { id: string; status: string; reason?: string }, i: number) => {
      expect(result.id).toBe(changes[i]!.id);
      if (bad.has(i)) expect(result).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/position\.lat/) });
      else expect(result.status).toBe('created');
    });
    const stored = new Set((await pullAll(s.url, token)).map((o) => o.id));
    changes.forEach((c, i) => expect(stored.has(c.id)).toBe(!bad.has(i)));
  });

  it('lands several pushes sent at once whole and once each, with their answers in order', async () => {
    const devices = await Promise.all([registerDevice(s.url), registerDevice(s.url), registerDevice(s.url)]);
    const batches = devices.map((_, d) => Array.from({ length: 300 }, (_, i) => asCreate(camera(20_000 + d * 1000 + i))));
    // Each device sends its batch twice at once: the second is answered `unchanged` (or `created`
    // when it happens to run first), never stores a copy.
    const answers = await Promise.all(devices.flatMap((t, d) => [pushBatch(s.url, t, batches[d]!), pushBatch(s.url, t, batches[d]!)]));
    answers.forEach((a, k) => {
      expect(a.status).toBe(200);
      expect(a.body.results.map((r: { id: string }) => r.id)).toEqual(batches[Math.floor(k / 2)]!.map((c) => c.id));
    });
    for (const [d, t] of devices.entries()) {
      const [a, b] = [statuses(answers[2 * d]!), statuses(answers[2 * d + 1]!)];
      // One of the two created every change, the other found each already there.
      expect([a, b].sort()).toEqual([Array(300).fill('created'), Array(300).fill('unchanged')]);
      const ids = (await pullAll(s.url, t)).map((o) => o.id);
      expect(ids.sort()).toEqual(batches[d]!.map((c) => c.id).sort());
    }
  });

  it('lets nothing in while a batch is open: every other call waits for its commit, then sees all of it', async () => {
    const { storage } = s.server;
    const device = (await storage.deviceForToken(token))!.id;
    const other = (await storage.registerDevice()).id;
    const since = Number((await pull(s.url, token)).body.next);
    const publicId = storage.publicIdOf();
    const held = prepareChanges(Array.from({ length: 200 }, (_, i) => asCreate(camera(30_000 + i))), publicId);
    let secondAsked!: () => void;
    let release!: () => void;
    const asked = new Promise<void>((resolve) => (secondAsked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    // The batch's first half is written, then its reader is slow to bring the second.
    async function* slowReader() {
      yield held.slice(0, 100);
      secondAsked();
      await released;
      yield held.slice(100);
    }
    const heldBatch = storage.applyBatch(device, slowReader());
    await asked;
    // Meanwhile: another device's batch, this device's pull, a registration.
    const otherChanges = prepareChanges(Array.from({ length: 120 }, (_, i) => asCreate(camera(31_000 + i))), publicId);
    const otherBatch = storage.applyBatch(other, [otherChanges]);
    const page = storage.pullPage(device, since, 1000, 365);
    const registered = storage.registerDevice();
    release();

    expect((await heldBatch).map((r) => r.status)).toEqual(Array(200).fill('created'));
    expect((await otherBatch).map((r) => r.status)).toEqual(Array(120).fill('created'));
    expect((await registered).token).toEqual(expect.any(String));
    // The pull saw all of the held batch or none of it (SQLite: all, once it committed; PostgreSQL
    // reads the batch whole before its transaction opens, so its pull came first).
    const pulled = (JSON.parse((await page).toString()) as { changes: { id: string }[] }).changes.map((c) => c.id);
    const seen = held.filter((c) => 'body' in c && pulled.includes(c.id)).length;
    expect([0, held.length]).toContain(seen);

    // Each change stored once.
    const rows = await sqlRows<{ id: string }>(s, 'SELECT id FROM observations WHERE seq > ? ORDER BY seq', [since]);
    const order = rows.map((r) => r.id);
    expect(new Set(order).size).toBe(order.length);
    expect([...order].sort()).toEqual([...held, ...otherChanges].map((c) => ('body' in c ? c.id : '')).sort());
    // On SQLite (one connection) the other batch waited for the held one: all of its rows come after.
    if (TEST_STORE === 'sqlite') expect(new Set(order.slice(0, held.length))).toEqual(new Set(held.map((c) => ('body' in c ? c.id : ''))));
  });

  it('stores nothing of a batch whose reading fails midway, and takes the next one', async () => {
    const { storage } = s.server;
    const device = (await storage.deviceForToken(token))!.id;
    const changes = [asCreate(camera(40_000)), asCreate(camera(40_001))];
    const stored = async () => (await sqlRows(s, 'SELECT id FROM observations WHERE id IN (?, ?)', changes.map((c) => c.id))).length;
    async function* failing() {
      yield prepareChanges(changes.slice(0, 1), storage.publicIdOf());
      throw new Error('the batch reader thread exited (1)');
    }
    await expect(storage.applyBatch(device, failing())).rejects.toThrow(/exited/);
    expect(await stored()).toBe(0);
    expect(statuses(await pushBatch(s.url, token, changes))).toEqual(['created', 'created']);
    expect(await stored()).toBe(2);
  });

  it('refuses a body that is not JSON as before, whoever sends it, and stores nothing of it', async () => {
    const before = (await pullAll(s.url, token)).length;
    const post = (body: string, auth?: string) =>
      call(`${s.url}/api/v1/observations/batch`, { method: 'POST', ...(auth ? { token: auth } : {}), headers: { 'content-type': 'application/json' }, body });
    for (const auth of [token, undefined]) {
      expect((await post('{"changes": [', auth)).body.error.code).toBe('invalid_json');
      expect((await post('', auth)).body.error.code).toBe('invalid_json');
      // Prototype poisoning, refused by Fastify's own JSON parser as bad JSON.
      const poisoned = await post(`{"changes": [], "__proto__": {"admin": true}}`, auth);
      expect(poisoned.status).toBe(400);
      expect(poisoned.body.error.code).toBe('invalid_json');
    }
    // The shape is looked at once the token is known.
    expect((await post('{"changes": 3}')).body.error.code).toBe('unauthorized');
    expect((await post('{"changes": 3}', token)).body.error.code).toBe('invalid_body');
    expect((await pullAll(s.url, token)).length).toBe(before);
  });
});

describe('the reader threads', () => {
  // A process of its own: its threads are counted (Linux: /proc/self/task), and it must end by itself.
  const script = (pushes: number) => `
    import fs from 'node:fs';
    import { buildServer } from './src/server/app.ts';
    const threads = () => fs.readdirSync('/proc/self/task').length;
    const s = await buildServer({ dataDir: process.env.DATA_DIR, distDir: null, logLevel: 'warn' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = threads();
    await s.app.listen({ host: '127.0.0.1', port: 0 });
    const listening = threads();
    const url = 'http://127.0.0.1:' + s.app.server.address().port + '/api/v1';
    for (let i = 0; i < ${pushes}; i++) {
      const { token } = await (await fetch(url + '/devices', { method: 'POST' })).json();
      const r = await fetch(url + '/observations/batch', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: '{"changes":[]}' });
      if (r.status !== 200) throw new Error('push answered ' + r.status);
    }
    await s.app.close();
    console.log(JSON.stringify({ before, listening }));`;

  it.skipIf(!fs.existsSync('/proc/self/task'))('start with the server, before the first push, and never keep a closed server\'s process alive', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    for (const pushes of [0, 2]) {
      const dataDir = tempDir('threads');
      // The process is not ended for it: it must end by itself once the server is closed.
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(pushes)], {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir },
        timeout: 60_000,
      });
      const { before, listening } = JSON.parse(stdout.trim().split('\n').pop()!) as { before: number; listening: number };
      expect(listening, 'a reader thread runs once the server listens').toBeGreaterThan(before);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a slice as it crosses between threads', () => {
  it('comes back as the same items in the same order: valid, invalid, tombstones, base versions, texts beyond ASCII', () => {
    const publicId = publicIdMaker(Buffer.alloc(32, 3));
    const noted = { ...camera(50_001), notes: 'Caméra « dôme » — 監視カメラ 📷\u0000' };
    const items = prepareChanges(
      [
        { ...camera(50_000), position: { lon: 4.35, lat: 91, accuracy: 5, source: 'gps' } },
        asCreate(noted),
        { ...tombstone(camera(50_002)), baseVersion: 1 },
        'not an object',
        asCreate(camera(50_003)),
        {},
      ],
      publicId,
    );
    expect(items.map((i) => ('body' in i ? 'valid' : 'invalid'))).toEqual(['invalid', 'valid', 'valid', 'invalid', 'valid', 'invalid']);
    expect(unpackSlice(packSlice(items))).toEqual(items);
    expect(unpackSlice(packSlice([]))).toEqual([]);
    expect(unpackSlice(packSlice(items.slice(3, 4)))).toEqual(items.slice(3, 4));
  });
});

