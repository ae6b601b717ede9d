import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE, SCHEMA_VERSION, openDb } from '../../../src/server/db.ts';
import { tempDir } from './server-harness.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the SQLite database', () => {
  it('opens in WAL mode with synchronous=NORMAL and a busy timeout, migrated to the latest schema', () => {
    const dir = tempDir('db');
    dirs.push(dir);
    const db = openDb(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['decisions', 'devices', 'gone_reports', 'moderators', 'observations', 'photos', 'private_photos', 'server_keys', 'sightings']);
    db.close();
    // Opening again runs no migration twice.
    const again = openDb(dir);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('has no column that could hold an address, a user agent or a clear token', () => {
    const dir = tempDir('db-columns');
    dirs.push(dir);
    const db = openDb(dir);
    const columns = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).flatMap(
      (t) => (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => `${t}.${c.name}`),
    );
    db.close();
    const suspicious = /(^|_)ip($|_)|addr|agent|(^|_)ua($|_)|^token$|email|user/i;
    expect(columns.filter((c) => suspicious.test(c.split('.')[1]!))).toEqual([]);
    expect(columns).toContain('devices.token_hash');
  });

  it('refuses a database made by a newer server', () => {
    const dir = tempDir('db-newer');
    dirs.push(dir);
    const raw = new Database(path.join(dir, DB_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDb(dir)).toThrow(/newer than this server/);
  });
});
