/** `kill -9` of a real server process in the middle of a batch: after a restart and a re-send,
 * the server holds every observation exactly once. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { asCreate, camera, pullAll, pushBatch, registerDevice, tempDir, TEST_STORE, type Change } from './server-harness.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const children: ChildProcess[] = [];
const dirs: string[] = [];

/** On PostgreSQL, one database per data dir (the processes of one test share it). */
const databases = new Map<string, string>();
async function databaseOf(dataDir: string): Promise<string> {
  let url = databases.get(dataDir);
  if (!url) {
    const { freshDatabase } = await import('./pg-cluster.ts');
    url = await freshDatabase();
    databases.set(dataDir, url);
  }
  return url;
}

/** Starts `src/server/main.ts` in its own process; resolves with its URL once it listens. */
async function startChild(dataDir: string, env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; exited: Promise<NodeJS.Signals | number | null> }> {
  const store = TEST_STORE === 'postgres' ? { DATABASE_URL: await databaseOf(dataDir) } : {};
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: '', LOG_LEVEL: 'warn', ...store, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Listening on (http:\/\/[^/\s]+)/.exec(out);
      if (m) resolve({ url: m[1]!, child, exited });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => reject(new Error(`server exited (${signal ?? code}) before listening: ${err}`)));
  });
}

async function countRows(dataDir: string): Promise<{ rows: number; ids: number }> {
  if (TEST_STORE === 'postgres') {
    const client = new pg.Client({ connectionString: await databaseOf(dataDir) });
    await client.connect();
    try {
      const r = (await client.query('SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids FROM observations')).rows[0] as { rows: number; ids: number };
      return r;
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(dataDir, 'contrechamp.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM observations').get() as { rows: number; ids: number };
  } finally {
    db.close();
  }
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const batches = (n: number, size: number): Change[][] =>
  Array.from({ length: n }, (_, b) => Array.from({ length: size }, (_, i) => asCreate(camera(b * size + i))));

// Spawning real server processes takes seconds on a busy 2-core machine.
describe('kill -9 in the middle of a batch', { timeout: 90_000 }, () => {
  it('keeps a batch all or nothing, and a re-send stores each observation exactly once', async () => {
    const dataDir = tempDir('crash');
    dirs.push(dataDir);
    // The server SIGKILLs itself inside the transaction of the second batch, after 250 of its 500 items.
    const first = await startChild(dataDir, { CONTRECHAMP_TEST_KILL_AFTER_ITEMS: '750' });
    const token = await registerDevice(first.url);
    const [a, b] = batches(2, 500) as [Change[], Change[]];
    expect((await pushBatch(first.url, token, a)).status).toBe(200);
    await expect(pushBatch(first.url, token, b)).rejects.toThrow();
    expect(await first.exited).toBe('SIGKILL');
    // Nothing of the killed batch is there; all of the first one is.
    expect(await countRows(dataDir)).toEqual({ rows: 500, ids: 500 });

    const second = await startChild(dataDir);
    // The client did not get answers for b: it sends everything again (a too, to be sure).
    const ra = await pushBatch(second.url, token, a);
    const rb = await pushBatch(second.url, token, b);
    expect(new Set(ra.body.results.map((r: { status: string }) => r.status))).toEqual(new Set(['unchanged']));
    expect(new Set(rb.body.results.map((r: { status: string }) => r.status))).toEqual(new Set(['created']));
    const all = await pullAll(second.url, token);
    expect(all).toHaveLength(1000);
    expect(new Set(all.map((o) => o.id)).size).toBe(1000);
    expect(await countRows(dataDir)).toEqual({ rows: 1000, ids: 1000 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('survives a kill -9 from outside while batches stream in', async () => {
    const dataDir = tempDir('crash-outside');
    dirs.push(dataDir);
    const first = await startChild(dataDir);
    const token = await registerDevice(first.url);
    const all = batches(6, 250);
    const sending = (async () => {
      for (const batch of all) await pushBatch(first.url, token, batch);
    })();
    // Kill it once the first batch is in: the next ones are in flight or not sent yet.
    while ((await countRows(dataDir)).rows === 0) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await sending.catch(() => undefined);
    expect(await first.exited).toBe('SIGKILL');
    const before = await countRows(dataDir);
    expect(before.rows % 250).toBe(0); // whole batches only
    expect(before.rows).toBe(before.ids);

    const second = await startChild(dataDir);
    for (const batch of all) expect((await pushBatch(second.url, token, batch)).status).toBe(200);
    expect(await countRows(dataDir)).toEqual({ rows: 1500, ids: 1500 });
    expect(await pullAll(second.url, token, 1000)).toHaveLength(1500);
  });
});
