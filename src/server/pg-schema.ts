/**
 * The PostgreSQL 15 + PostGIS schema of `PgStorage` (pg-storage.ts): the same tables and columns as
 * SQLite's latest version (db.ts), plus a PostGIS point per observation (`geom`, geography, GiST
 * index) for the duplicate search. Migrations are cumulative, by the `schema_version` table; each
 * runs in one transaction under an advisory lock, so several nodes starting at once migrate once.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/** Each entry brings the schema from version i to i + 1. Append only; never edit a released step. */
const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE EXTENSION IF NOT EXISTS postgis;
  CREATE TABLE server_keys (name text PRIMARY KEY, value bytea NOT NULL);
  CREATE TABLE devices (
    id serial PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE,
    created_day text NOT NULL,
    blocked_day text
  );
  CREATE TABLE moderators (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    token_hash bytea NOT NULL UNIQUE,
    created_day text NOT NULL
  );
  -- seq is the pull cursor: each accepted change or decision moves the row to a new, higher seq.
  -- (v1 writers took one advisory lock before they numbered rows; v2 numbers them from a sequence.)
  CREATE TABLE observations (
    -- Ids compare bytewise ("C"), as in SQLite: the public id order is the same on both stores.
    id text COLLATE "C" PRIMARY KEY,
    seq bigint NOT NULL UNIQUE,
    version integer NOT NULL,
    kind text NOT NULL,
    deleted integer NOT NULL DEFAULT 0,
    device_id integer NOT NULL REFERENCES devices(id),
    body text NOT NULL,
    public_body text NOT NULL,
    received_day text NOT NULL,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'published', 'rejected', 'merged', 'removed')),
    reason text,
    reason_text text,
    survivor_id text,
    removed_day text,
    published_day text,
    description text,
    was_public integer NOT NULL DEFAULT 0,
    edited integer NOT NULL DEFAULT 0,
    queue_order bigint,
    public_id text COLLATE "C" NOT NULL UNIQUE,
    lon double precision NOT NULL,
    lat double precision NOT NULL,
    geom geography(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED,
    first_seen text,
    last_confirmed text,
    confirmations integer NOT NULL DEFAULT 0
  );
  CREATE INDEX observations_queue ON observations (queue_order) WHERE deleted = 0 AND (state = 'pending' OR edited = 1);
  CREATE INDEX observations_published_geom ON observations USING gist (geom) WHERE deleted = 0 AND state = 'published';
  CREATE INDEX observations_device ON observations (device_id, state);
  CREATE INDEX observations_survivor ON observations (survivor_id) WHERE survivor_id IS NOT NULL;
  CREATE TABLE photos (
    hash text PRIMARY KEY,
    size integer NOT NULL,
    type text NOT NULL,
    stripped integer NOT NULL,
    received_day text NOT NULL,
    -- the device that sent it: it may read its photo back before it is public
    device_id integer
  );
  -- A photo is public only through a public device's public form (written with it).
  CREATE TABLE public_photos (
    hash text NOT NULL,
    observation_id text NOT NULL,
    PRIMARY KEY (hash, observation_id)
  );
  CREATE INDEX public_photos_observation ON public_photos (observation_id);
  CREATE TABLE decisions (
    id bigserial PRIMARY KEY,
    observation_id text NOT NULL,
    moderator text,
    decision text NOT NULL,
    detail text,
    day text NOT NULL
  );
  CREATE INDEX decisions_observation ON decisions (observation_id);
  CREATE TABLE sightings (
    observation_id text NOT NULL,
    device_id integer NOT NULL,
    first_day text NOT NULL,
    day text NOT NULL,
    PRIMARY KEY (observation_id, device_id)
  );
  CREATE TABLE gone_reports (
    observation_id text NOT NULL,
    device_id integer NOT NULL,
    day text NOT NULL,
    PRIMARY KEY (observation_id, device_id)
  );
  CREATE TABLE private_photos (
    observation_id text NOT NULL,
    hash text NOT NULL,
    PRIMARY KEY (observation_id, hash)
  );
  CREATE TABLE documents (
    id serial PRIMARY KEY,
    target text NOT NULL CHECK (target IN ('device', 'operator', 'commune')),
    target_id text NOT NULL,
    title text NOT NULL,
    url text NOT NULL,
    kind text NOT NULL,
    day text NOT NULL,
    moderator text NOT NULL,
    added_day text NOT NULL
  );
  CREATE INDEX documents_target ON documents (target, target_id);
  `,
  // v2: seqs from a sequence, so that writers on several nodes number rows in parallel. A reader
  // reads the sequence only up to the floor of the oldest writer still running (pg-storage.ts).
  `
  CREATE SEQUENCE observations_seq OWNED BY observations.seq;
  SELECT setval('observations_seq', coalesce((SELECT max(seq) FROM observations), 0) + 1, false);
  ALTER TABLE observations ALTER COLUMN seq SET DEFAULT nextval('observations_seq');
  `,
  // v3: directions are lists of {bearing, width?} (core/direction.ts), as SQLite's v7: a single
  // bearing in a stored version or public form becomes a list of one.
  `
  UPDATE observations
    SET body = jsonb_set(body::jsonb, '{details,direction}', jsonb_build_array(jsonb_build_object('bearing', body::jsonb #> '{details,direction}')))::text
    WHERE jsonb_typeof(body::jsonb #> '{details,direction}') = 'number';
  UPDATE observations
    SET public_body = jsonb_set(public_body::jsonb, '{details,direction}', jsonb_build_array(jsonb_build_object('bearing', public_body::jsonb #> '{details,direction}')))::text
    WHERE CASE WHEN public_body LIKE '{%' THEN jsonb_typeof(public_body::jsonb #> '{details,direction}') = 'number' ELSE false END;
  `,
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/** The advisory lock key of migrations (any constant; distinct from the writers' floors). */
const MIGRATION_LOCK = 7_201_001;

/**
 * Brings the database up to the latest schema (or `target`), then makes the server's keys unless
 * it has them. Throws when the database is newer than this server.
 */
export async function migratePg(client: pg.ClientBase, target = PG_MIGRATIONS.length): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const current = found.rows[0]?.version ?? 0;
    if (current > PG_MIGRATIONS.length) {
      throw new Error(`database schema version ${current} is newer than this server (${PG_MIGRATIONS.length})`);
    }
    for (let v = current; v < target; v++) await client.query(PG_MIGRATIONS[v]!);
    if (!found.rows.length) await client.query('INSERT INTO schema_version VALUES ($1)', [Math.max(current, target)]);
    else await client.query('UPDATE schema_version SET version = $1', [Math.max(current, target)]);
    if (target > 0) {
      for (const name of ['pseudonym', 'public_id']) {
        await client.query('INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [name, randomBytes(32)]);
      }
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}
