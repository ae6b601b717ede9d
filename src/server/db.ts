/**
 * The server's SQLite database, `DATA_DIR/contrechamp.sqlite` (WAL mode: also -wal and -shm files).
 * Keeps devices (token hashes only), moderators (token hashes only), observations (the current
 * version per id as JSON, with a server sequence that is the pull cursor, and the public
 * form others may see), and photo metadata (the bytes are files under DATA_DIR/photos).
 * No IP address, no user agent, no account, anywhere. Migrations are cumulative, by `user_version`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const DB_FILE = 'contrechamp.sqlite';

/** Each entry brings the schema from version i to i + 1. Append only; never edit a released step. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    created_day TEXT NOT NULL
  );
  CREATE TABLE moderators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    token_hash BLOB NOT NULL UNIQUE,
    created_day TEXT NOT NULL
  );
  -- seq is the rowid: each accepted change moves the row to a new, higher seq, so a pull
  -- "since seq" is a plain range scan of the table and never misses a change.
  CREATE TABLE observations (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    device_id INTEGER NOT NULL REFERENCES devices(id),
    body TEXT NOT NULL,
    public_body TEXT NOT NULL,
    received_day TEXT NOT NULL
  );
  CREATE TABLE photos (
    hash TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    type TEXT NOT NULL,
    stripped INTEGER NOT NULL,
    received_day TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function openDb(dataDir: string, options: { readonly?: boolean } = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (options.readonly) return db;
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a killed process; only a power cut may lose the last ones.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // A 32 MB page cache keeps the upper levels of the indexes in memory for ingest and pull.
  db.pragma('cache_size = -32000');
  // Checkpoint every ~40 MB of WAL rather than 4 MB: fewer fsyncs while batches pour in.
  db.pragma('wal_autocheckpoint = 10000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server (${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** The UTC day, the only date the server keeps about devices, moderators and receipts. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
