import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE, SCHEMA_VERSION, migrate, openDb } from '../../../src/server/db.ts';
import { publicIdOf } from '../../../src/server/public-id.ts';
import { camera, pull, registerDevice, startServer, tempDir } from './server-harness.ts';

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
    expect(tables).toEqual(['decisions', 'devices', 'documents', 'gone_reports', 'moderators', 'observations', 'photos', 'private_photos', 'public_photos', 'server_keys', 'sightings']);
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

describe('migrations from every older version', () => {
  it('v1 → latest: what was public unchecked goes back to the queue, and other devices are told to drop it', async () => {
    const dir = tempDir('db-v1');
    dirs.push(dir);
    const raw = new Database(path.join(dir, DB_FILE));
    migrate(raw, 1);
    raw.prepare("INSERT INTO devices (id, token_hash, created_day) VALUES (1, x'00', '2026-11-01')").run();
    const insert = raw.prepare(
      "INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day) VALUES (?, ?, 1, 'camera', ?, 1, ?, ?, '2026-11-01')",
    );
    const kept = camera(1);
    const gone = camera(2);
    insert.run(1, kept.id, 0, JSON.stringify(kept), JSON.stringify(kept));
    insert.run(2, gone.id, 1, JSON.stringify({ ...gone, deleted: true }), '{}');
    raw.close();

    const db = openDb(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const rows = db.prepare('SELECT seq, id, state, was_public, queue_order, public_id, lon, lat FROM observations ORDER BY seq').all();
    // v3: every row under its public id (no time in it), moved on again so that devices learn it.
    const pub = publicIdOf(db);
    expect(rows).toEqual([
      { seq: 7, id: kept.id, state: 'pending', was_public: 1, queue_order: 3, public_id: pub(kept.id), lon: kept.position.lon, lat: kept.position.lat },
      { seq: 8, id: gone.id, state: 'pending', was_public: 0, queue_order: 4, public_id: pub(gone.id), lon: gone.position.lon, lat: gone.position.lat },
    ]);
    expect(pub(kept.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(db.prepare('SELECT public_body FROM observations WHERE id = ?').pluck().get(kept.id) as string).id).toBe(pub(kept.id));
    expect(db.prepare('SELECT name, length(value) AS n FROM server_keys ORDER BY name').all()).toEqual([
      { name: 'pseudonym', n: 32 },
      { name: 'public_id', n: 32 },
    ]);
    db.close();

    // A device that had pulled up to the old end learns to drop what is no longer public.
    const s = await startServer({ dataDir: dir });
    try {
      const token = await registerDevice(s.url);
      const page = await pull(s.url, token, '2');
      expect(page.body.dropped).toEqual([{ id: pub(kept.id) }]);
      expect(page.body.changes).toEqual([]);
    } finally {
      await s.server.app.close();
    }
  });
});

describe('v7: directions as lists, from every older version', () => {
  for (let from = 1; from < SCHEMA_VERSION; from++) {
    it(`v${from} → latest: a stored single bearing becomes a list of one, in the version and in the public form`, () => {
      const dir = tempDir(`db-directions-v${from}`);
      dirs.push(dir);
      const raw = new Database(path.join(dir, DB_FILE));
      migrate(raw, from);
      raw.prepare("INSERT INTO devices (id, token_hash, created_day) VALUES (1, x'00', '2026-11-01')").run();
      const withDirection = camera(1);
      const released = { ...withDirection, details: { ...withDirection.details, direction: 1 } };
      const without = { ...camera(2), details: { cameraType: 'dome' } };
      const later = from >= 2;
      const insert = raw.prepare(
        `INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day${later ? ', public_id, state' : ''})
         VALUES (?, ?, 1, 'camera', 0, 1, ?, ?, '2026-11-01'${later ? ', ?, ?' : ''})`,
      );
      insert.run(1, released.id, JSON.stringify(released), JSON.stringify(released), ...(later ? ['p1', 'published'] : []));
      insert.run(2, without.id, JSON.stringify(without), '', ...(later ? ['p2', 'pending'] : []));
      raw.close();

      const db = openDb(dir);
      const row = (id: string) => db.prepare('SELECT body, public_body FROM observations WHERE id = ?').get(id) as { body: string; public_body: string };
      expect(JSON.parse(row(released.id).body)).toEqual(withDirection);
      expect(JSON.parse(row(released.id).public_body).details.direction).toEqual([{ bearing: 1 }]);
      expect(JSON.parse(row(without.id).body)).toEqual(without);
      expect(row(without.id).public_body).toBe('');
      db.close();
    });
  }
});
