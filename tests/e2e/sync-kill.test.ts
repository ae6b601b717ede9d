/**
 * The client side of the kill -9 test: the server (started with its test hook
 * CONTRECHAMP_TEST_KILL_AFTER_ITEMS) kills itself with SIGKILL in the middle of the client's batch;
 * restarted on the same port and DATA_DIR, it gets the batch again from the client on its own, and
 * holds every observation exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/server/db.ts';
import { ROOT, freePort, tid, useApp, type RunningServer } from './harness.ts';
import { allSent, heldCounts, offlineWithPending, pendingOf, serverHolds } from './sync-helpers.ts';

interface Restartable extends RunningServer {
  child: () => ChildProcess;
  exited: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  restart: (env?: Record<string, string>) => Promise<void>;
}

async function startRestartable(env: Record<string, string>): Promise<Restartable> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'contrechamp-e2e-kill-'));
  const origin = `http://127.0.0.1:${port}`;
  let log = '';
  let child: ChildProcess;
  let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  const launch = async (extra: Record<string, string>) => {
    child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SKIP_BUILD: '1', ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the server exited early:\n${log.slice(-3000)}`);
      try {
        if ((await fetch(`${origin}/api/v1/health`, { signal: AbortSignal.timeout(2000) })).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the server did not answer within 60 s:\n${log.slice(-3000)}`);
  };
  await launch(env);
  return {
    origin,
    dataDir,
    output: () => log.slice(-4000),
    child: () => child,
    exited: () => exit,
    restart: (extra = {}) => launch(extra),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exit;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function committedCounts(dataDir: string, ids: readonly string[]): number[] {
  const db = new Database(join(dataDir, DB_FILE));
  try {
    const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM observations WHERE id = ? AND deleted = 0');
    return ids.map((id) => count.get(id)!.n);
  } finally {
    db.close();
  }
}

let server: Restartable;
const app = useApp({
  server: async () => {
    // The server dies with SIGKILL after applying 3 items of a batch, inside its transaction.
    server = await startRestartable({ CONTRECHAMP_TEST_KILL_AFTER_ITEMS: '3' });
    return server;
  },
});

describe('sync across a server killed with kill -9', () => {
  it('the server dies mid-batch; restarted, it gets the batch again from the client and holds each observation exactly once', async () => {
    const { context, page, ids } = await offlineWithPending(app, 5, 'kill');

    await context.setOffline(false);
    const { signal } = await server.exited();
    expect(signal).toBe('SIGKILL');
    // The client saw the connection die: nothing acknowledged, everything still waiting.
    await expect.poll(() => page.locator(tid('sync-status')).getAttribute('data-error'), { timeout: 30_000 }).toBe('syncError.network');
    expect(await pendingOf(page)).toBe(5);

    // Nothing of the killed batch was committed. Read from the dead server's file (opening it
    // recovers the WAL as a restart would): once restarted, the client's retry may land at any time.
    expect(committedCounts(server.dataDir, ids)).toEqual([0, 0, 0, 0, 0]);
    await server.restart();
    // The client's own backoff brings it back; nobody presses "sync now".
    await allSent(page, 60_000);
    expect(await heldCounts(server, ids)).toEqual([1, 1, 1, 1, 1]);
    expect((await serverHolds(server)).filter((o) => !o.deleted)).toHaveLength(5);
  });
});
