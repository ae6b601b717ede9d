/**
 * The server's SQLite database, `DATA_DIR/contrechamp.sqlite` (WAL mode: also -wal and -shm files).
 * Keeps devices (token hashes only; v2: the day a moderator blocked one), moderators (token hashes
 * only), observations (the current version per id as JSON, with a server sequence that is the pull
 * cursor, and the public form others may see; v2: publication state, reason, survivor, removal day,
 * public description, position columns for the duplicate search), photo metadata (the bytes are
 * files under DATA_DIR/photos), and from v2 the moderators' decisions (name, decision, day), the
 * sightings and confirmations per device, "gone" reports, private photos and the server's own keys
 * (v5: the public id key, and every row's public id made with it, public-id.ts); from v6 the photos
 * public devices show (public_photos) and which device sent each photo; from v7 directions as lists.
 * No IP address, no user agent, no account, anywhere. Migrations are cumulative, by `user_version`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensurePublicIdKey, publicIdOf } from './public-id.ts';

export type Db = Database.Database;

export const DB_FILE = 'contrechamp.sqlite';

/** Each entry brings the schema from version i to i + 1 (SQL, or a function for data that SQL cannot
 * compute). Append only; never edit a released step. */
const MIGRATIONS: readonly (string | ((db: Db) => void))[] = [
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
  // v2: moderation. Everything sent so far was public unchecked: it goes back to the queue
  // (pending, was_public so that the other devices' next pull drops it) and moves to the end of
  // the pull order, so that every device learns it.
  (db) => {
    db.exec(`
    ALTER TABLE devices ADD COLUMN blocked_day TEXT;
    ALTER TABLE observations ADD COLUMN state TEXT NOT NULL DEFAULT 'pending'
      CHECK (state IN ('pending', 'published', 'rejected', 'merged', 'removed'));
    ALTER TABLE observations ADD COLUMN reason TEXT;
    ALTER TABLE observations ADD COLUMN reason_text TEXT;
    ALTER TABLE observations ADD COLUMN survivor_id TEXT;
    ALTER TABLE observations ADD COLUMN removed_day TEXT;
    ALTER TABLE observations ADD COLUMN published_day TEXT;
    ALTER TABLE observations ADD COLUMN description TEXT;
    -- 1 once published: when it leaves the public set, the other devices are told to drop it.
    ALTER TABLE observations ADD COLUMN was_public INTEGER NOT NULL DEFAULT 0;
    -- 1 when the author changed a decided observation: the public keeps the checked version.
    ALTER TABLE observations ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE observations ADD COLUMN queue_order INTEGER;
    ALTER TABLE observations ADD COLUMN public_id TEXT;
    ALTER TABLE observations ADD COLUMN lon REAL;
    ALTER TABLE observations ADD COLUMN lat REAL;
    ALTER TABLE observations ADD COLUMN first_seen TEXT;
    ALTER TABLE observations ADD COLUMN last_confirmed TEXT;
    ALTER TABLE observations ADD COLUMN confirmations INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE decisions (
      id INTEGER PRIMARY KEY,
      observation_id TEXT NOT NULL,
      -- NULL: decided by the walkers' reports (two "gone" from different devices).
      moderator TEXT,
      decision TEXT NOT NULL,
      -- the reason of a rejection, the survivor of a merge, the day of a removal
      detail TEXT,
      day TEXT NOT NULL
    );
    CREATE INDEX decisions_observation ON decisions (observation_id);
    -- One row per device that saw or confirmed a published device (Brussels days: first, latest).
    CREATE TABLE sightings (
      observation_id TEXT NOT NULL,
      device_id INTEGER NOT NULL,
      first_day TEXT NOT NULL,
      day TEXT NOT NULL,
      PRIMARY KEY (observation_id, device_id)
    ) WITHOUT ROWID;
    CREATE TABLE gone_reports (
      observation_id TEXT NOT NULL,
      device_id INTEGER NOT NULL,
      day TEXT NOT NULL,
      PRIMARY KEY (observation_id, device_id)
    ) WITHOUT ROWID;
    CREATE TABLE private_photos (
      observation_id TEXT NOT NULL,
      hash TEXT NOT NULL,
      PRIMARY KEY (observation_id, hash)
    ) WITHOUT ROWID;
    CREATE TABLE server_keys (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
    INSERT INTO server_keys VALUES ('pseudonym', randomblob(32));
    `);
    const rows = db.prepare('SELECT seq, id, deleted, body FROM observations ORDER BY seq').all() as {
      seq: number;
      id: string;
      deleted: number;
      body: string;
    }[];
    const top = rows.length ? rows[rows.length - 1]!.seq : 0;
    const fill = db.prepare(
      'UPDATE observations SET seq = ?, queue_order = ?, was_public = ?, public_id = ?, lon = ?, lat = ? WHERE seq = ?',
    );
    for (const r of rows) {
      const { position } = JSON.parse(r.body) as { position: { lon: number; lat: number } };
      // The author's id for now: v5 gives every row its opaque public id.
      fill.run(top + r.seq, top + r.seq, r.deleted ? 0 : 1, r.id, position.lon, position.lat, r.seq);
    }
    db.exec(`
    CREATE UNIQUE INDEX observations_public_id ON observations (public_id);
    CREATE INDEX observations_queue ON observations (queue_order) WHERE deleted = 0 AND (state = 'pending' OR edited = 1);
    CREATE INDEX observations_published_lat ON observations (lat) WHERE deleted = 0 AND state = 'published';
    CREATE INDEX observations_device ON observations (device_id, state);
    `);
  },
  // v3: documents moderators attach to a device (public id), an operator (name) or a commune (NIS code).
  `CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL CHECK (target IN ('device', 'operator', 'commune')),
    target_id TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    day TEXT NOT NULL,
    moderator TEXT NOT NULL,
    added_day TEXT NOT NULL
  );
  CREATE INDEX documents_target ON documents (target, target_id);`,
  // v4: what was merged into a device is found by its survivor (its photos join the survivor's).
  `CREATE INDEX observations_survivor ON observations (survivor_id) WHERE survivor_id IS NOT NULL;`,
  // v5: public ids with no time in them (public-id.ts). Others knew a device by its author's
  // UUIDv7, which tells when it was made: every row gets its keyed public id, in its public form
  // too and on the documents attached to it, and moves to the end of the pull order so that every
  // device learns it.
  (db) => {
    ensurePublicIdKey(db);
    const publicId = publicIdOf(db);
    const rows = db.prepare('SELECT seq, id, public_body FROM observations ORDER BY seq').all() as { seq: number; id: string; public_body: string }[];
    const top = rows.length ? rows[rows.length - 1]!.seq : 0;
    const fill = db.prepare('UPDATE observations SET seq = ?, public_id = ?, public_body = ? WHERE seq = ?');
    const documents = db.prepare("UPDATE documents SET target_id = ? WHERE target = 'device' AND target_id = ?");
    for (const r of rows) {
      const pid = publicId(r.id);
      const form = r.public_body ? JSON.stringify({ ...(JSON.parse(r.public_body) as object), id: pid }) : '';
      fill.run(top + r.seq, pid, form, r.seq);
      documents.run(pid, r.id);
    }
  },
  // v6: a photo is public only through a public device's public form (public_photos, written with
  // it); otherwise only the device that sent it and the moderators may fetch it.
  (db) => {
    db.exec(`
    ALTER TABLE photos ADD COLUMN device_id INTEGER;
    CREATE TABLE public_photos (
      hash TEXT NOT NULL,
      observation_id TEXT NOT NULL,
      PRIMARY KEY (hash, observation_id)
    ) WITHOUT ROWID;
    CREATE INDEX public_photos_observation ON public_photos (observation_id);
    `);
    const rows = db
      .prepare("SELECT id, public_body FROM observations WHERE deleted = 0 AND state IN ('published', 'removed')")
      .all() as { id: string; public_body: string }[];
    const add = db.prepare('INSERT OR IGNORE INTO public_photos VALUES (?, ?)');
    for (const r of rows) for (const hash of (JSON.parse(r.public_body) as { photos: string[] }).photos) add.run(hash, r.id);
  },
  // v7: directions are lists of {bearing, width?} (core/direction.ts): a single bearing in a stored
  // version or public form becomes a list of one. The rows keep their place in the pull order: a
  // device reads a bare bearing as a list of one all the same.
  `
  UPDATE observations
    SET body = json_set(body, '$.details.direction', json_array(json_object('bearing', json_extract(body, '$.details.direction'))))
    WHERE json_type(body, '$.details.direction') IN ('integer', 'real');
  UPDATE observations
    SET public_body = json_set(public_body, '$.details.direction', json_array(json_object('bearing', json_extract(public_body, '$.details.direction'))))
    WHERE CASE WHEN json_valid(public_body) THEN json_type(public_body, '$.details.direction') IN ('integer', 'real') ELSE 0 END;
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

/** Climbs every step from the version found up to `target` (the latest; tests stop earlier to build
 * an old database). */
export function migrate(db: Db, target = MIGRATIONS.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server (${MIGRATIONS.length})`);
  }
  for (let v = current; v < target; v++) {
    db.transaction(() => {
      const step = MIGRATIONS[v]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** The UTC day, the only date the server keeps about devices, moderators and receipts. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
