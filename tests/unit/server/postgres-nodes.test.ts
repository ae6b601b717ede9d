/**
 * Several API nodes on one PostgreSQL: two servers share a database while four devices write 2,500
 * changes each through both and a moderator publishes them; three other devices pull from both
 * nodes all along and must get every change exactly once (the commit-order-safe cursor). Then the
 * database lost while running (503 with Retry-After), and unreachable at start (a clear message, a
 * non-zero exit). Skips with a message where PostgreSQL 15 + PostGIS are not installed.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newObservation } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { addModeratorTo, asCreate, call, decide, freePort, pull, pushBatch, registerDevice, startServer, tempDir, type TestServer } from './server-harness.ts';
import { cluster, freshDatabase, postgresMissing } from './pg-cluster.ts';

if (postgresMissing) console.warn(`postgres-nodes.test.ts skipped: ${postgresMissing}`);

const WRITERS = 4;
const PER_WRITER = 2500;
const BATCH = 500;
const READERS = 3;

let nodes: TestServer[] = [];

beforeAll(async () => {
  if (postgresMissing) return;
  const databaseUrl = await freshDatabase();
  // Readers poll hard: limits far above what the test sends.
  const rateLimits = { perAddress: { max: 1e6, timeWindowMs: 60_000 }, perToken: { max: 1e6, timeWindowMs: 60_000 } };
  nodes = [await startServer({ databaseUrl, rateLimits }), await startServer({ databaseUrl, rateLimits })];
});

afterAll(async () => {
  for (const n of nodes) await n.close();
});

/** A camera on a 100 m grid (no two within the duplicate radius): writer w, item i. */
function gridCamera(w: number, i: number): Observation {
  return newObservation({
    kind: 'camera',
    position: { lon: 4.25 + (i % 100) * 0.0015, lat: 50.76 + (w * 25 + Math.floor(i / 100)) * 0.001, accuracy: 5, source: 'gps' },
    details: { cameraType: 'dome' },
  });
}

describe.skipIf(postgresMissing !== null)('two nodes on one PostgreSQL', () => {
  it('brings every change to every pulling device exactly once while four devices write through both nodes', { timeout: 600_000 }, async () => {
    const node = (i: number) => nodes[i % nodes.length]!.url;
    const writers = await Promise.all(Array.from({ length: WRITERS }, (_, w) => registerDevice(node(w))));
    const readers = await Promise.all(Array.from({ length: READERS }, (_, r) => registerDevice(node(r))));
    const moderator = await addModeratorTo(nodes[0]!, 'Node test');

    const toPublish: string[] = [];
    let writing = true;
    const write = async (w: number) => {
      for (let b = 0; b < PER_WRITER / BATCH; b++) {
        const batch = Array.from({ length: BATCH }, (_, i) => asCreate(gridCamera(w, b * BATCH + i)));
        const r = await pushBatch(node(w + b), writers[w]!, batch);
        expect(r.status).toBe(200);
        toPublish.push(...batch.map((c) => c.id));
      }
    };
    let published = 0;
    const publish = async () => {
      for (let round = 0; writing || toPublish.length; round++) {
        const ids = toPublish.splice(0, BATCH);
        if (!ids.length) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        const r = await decide(node(round), moderator, ids.map((id) => ({ decision: 'publish', id })));
        expect(r.status).toBe(200);
        published += ids.length;
      }
    };
    const seen: Map<string, number>[] = readers.map(() => new Map());
    const cursors = readers.map(() => '0');
    const readOnce = async (r: number, round: number): Promise<boolean> => {
      const page = await pull(node(r + round), readers[r]!, cursors[r], 1000);
      expect(page.status).toBe(200);
      for (const o of page.body.changes) seen[r]!.set(o.id, (seen[r]!.get(o.id) ?? 0) + 1);
      cursors[r] = page.body.next;
      // Caught up: a phone waits before it asks again.
      if (!page.body.more) await new Promise((res) => setTimeout(res, 100));
      return page.body.more;
    };
    let publishing = true;
    const read = async (r: number) => {
      for (let round = 0; publishing; round++) await readOnce(r, round);
      // Caught up after the last decision.
      for (let round = 0; await readOnce(r, round); round++);
    };

    const writes = Promise.all(Array.from({ length: WRITERS }, (_, w) => write(w))).finally(() => (writing = false));
    const publisher = publish().finally(() => (publishing = false));
    await Promise.all([writes, publisher, ...readers.map((_, r) => read(r))]);

    expect(published).toBe(WRITERS * PER_WRITER);
    for (const counts of seen) {
      expect(counts.size).toBe(WRITERS * PER_WRITER);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    }
  });

  it('answers 503 with Retry-After when the database is lost while running', { timeout: 60_000 }, async () => {
    const token = await registerDevice(nodes[0]!.url);
    (await cluster()).stop();
    const r = await call(`${nodes[1]!.url}/api/v1/observations`, { token });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('unavailable');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('a database that cannot be reached at start', () => {
  it('stops the server with a clear message and a non-zero exit', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      env: { ...process.env, PORT: '0', DATA_DIR: tempDir('no-db'), DIST_DIR: '', DATABASE_URL: `postgres://walker:secret@127.0.0.1:${port}/contrechamp` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/Contrechamp server did not start: DATABASE_URL: cannot reach PostgreSQL at postgres:\/\/walker:\*\*\*@127\.0\.0\.1/);
    expect(err).not.toContain('secret');
  });
});
