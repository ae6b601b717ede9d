import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../../src/server/tokens.ts';
import { asCreate, camera, pushBatch, registerDevice, startServer, tempDir } from './server-harness.ts';
import { freshDatabase, postgresMissing } from './pg-cluster.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const cli = (dataDir: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir } });
const cliOn = (dataDir: string, databaseUrl: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl } });

if (postgresMissing) console.warn(`cli.test.ts: the PostgreSQL cases skipped: ${postgresMissing}`);

// Each command is a real process started through tsx: seconds on a busy machine.
describe('npm run server -- <command>', { timeout: 60_000 }, () => {
  it('adds a moderator: prints a token once, stores only its hash', async () => {
    const dataDir = tempDir('cli');
    dirs.push(dataDir);
    const { stdout } = await cli(dataDir, 'moderator', 'add', 'Aïcha', 'Peeters');
    const token = stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const db = new Database(path.join(dataDir, 'contrechamp.sqlite'), { readonly: true });
    const row = db.prepare('SELECT name, token_hash FROM moderators').get() as { name: string; token_hash: Buffer };
    db.close();
    expect(row.name).toBe('Aïcha Peeters');
    expect(row.token_hash.equals(hashToken(token))).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, 'contrechamp.sqlite')).includes(Buffer.from(token))).toBe(false);
  });

  it('prints stats and backs up a running server’s database', async () => {
    const s = await startServer();
    dirs.push(s.dataDir);
    try {
      const token = await registerDevice(s.url);
      await pushBatch(s.url, token, [asCreate(camera(1)), asCreate(camera(2))]);
      const stats = JSON.parse((await cli(s.dataDir, 'stats')).stdout);
      expect(stats).toMatchObject({ observations: 2, pending: 2, published: 0, tombstones: 0, devices: 1, moderators: 0, byKind: { camera: 2 } });
      const target = path.join(tempDir('backup'), 'copy.sqlite');
      dirs.push(path.dirname(target));
      await cli(s.dataDir, 'backup', target);
      const copy = new Database(target, { readonly: true });
      expect(copy.prepare('SELECT count(*) FROM observations').pluck().get()).toBe(2);
      copy.close();
      await expect(cli(s.dataDir, 'backup', target)).rejects.toThrow(/exists/);
    } finally {
      await s.server.app.close();
    }
  });

  it('prints its usage for an unknown command', async () => {
    const dataDir = tempDir('cli-usage');
    dirs.push(dataDir);
    await expect(cli(dataDir, 'frobnicate')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage') });
  });
});

describe.skipIf(postgresMissing !== null)('npm run server -- <command> with DATABASE_URL', { timeout: 60_000 }, () => {
  it('counts and adds moderators in PostgreSQL, and names pg_dump for backups', async () => {
    const databaseUrl = await freshDatabase();
    const s = await startServer({ databaseUrl });
    dirs.push(s.dataDir);
    try {
      const token = await registerDevice(s.url);
      await pushBatch(s.url, token, [asCreate(camera(1)), asCreate(camera(2)), asCreate(camera(3))]);
      const stats = JSON.parse((await cliOn(s.dataDir, databaseUrl, 'stats')).stdout);
      expect(stats).toMatchObject({ engine: 'postgres', observations: 3, pending: 3, devices: 1, moderators: 0, byKind: { camera: 3 } });

      const moderator = (await cliOn(s.dataDir, databaseUrl, 'moderator', 'add', 'Lotte')).stdout.trim();
      expect(await s.server.storage.moderatorForToken(moderator)).toBe('Lotte');
      // Nothing went to a SQLite file beside it.
      expect(fs.existsSync(path.join(s.dataDir, 'contrechamp.sqlite'))).toBe(false);

      const target = path.join(tempDir('backup-pg'), 'copy.sqlite');
      dirs.push(path.dirname(target));
      await expect(cliOn(s.dataDir, databaseUrl, 'backup', target)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('pg_dump --format=custom') });
      expect(fs.existsSync(target)).toBe(false);
    } finally {
      await s.server.app.close();
    }
  });
});
