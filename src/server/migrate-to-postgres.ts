/**
 * `npm run server -- migrate-to-postgres`: copies a SQLite deployment (DATA_DIR) into the
 * PostgreSQL of `DATABASE_URL`, and its photos into S3 when `S3_ENDPOINT`/`S3_BUCKET` are set.
 * Everything is copied as it is, the server's keys included, so device and moderator tokens (kept as
 * hashes), public ids, pseudonyms and pull cursors all stay valid: the phones go on syncing. The
 * rows go in one transaction, then every table's count is checked against SQLite's; the target must
 * be empty (an operator re-runs on a fresh database, never into a live one).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDb } from './db.ts';
import { migratePg } from './pg-schema.ts';
import { photoBlobsFor } from './photo-blobs.ts';

/** Copied in this order (references first); each with the serial column whose sequence moves on. */
const TABLES: readonly { name: string; serial?: string }[] = [
  { name: 'server_keys' },
  { name: 'devices', serial: 'id' },
  { name: 'moderators', serial: 'id' },
  { name: 'observations', serial: 'seq' },
  { name: 'photos' },
  { name: 'decisions', serial: 'id' },
  { name: 'sightings' },
  { name: 'gone_reports' },
  { name: 'private_photos' },
  { name: 'public_photos' },
  { name: 'documents', serial: 'id' },
];

const ROWS_PER_INSERT = 500;

export interface MigrationReport {
  /** Rows per table, equal on both sides. */
  counts: Record<string, number>;
  /** Photos copied to S3 (0 when they stay in DATA_DIR). */
  photosCopied: number;
}

/**
 * Runs the copy. Throws (and leaves the target without any of it) when the target holds data, or
 * when a count differs after the copy.
 */
export async function migrateToPostgres(config: { dataDir: string; databaseUrl: string; s3: { endpoint: string; bucket: string } | null }, log: (line: string) => void = () => undefined): Promise<MigrationReport> {
  const sqlite = openDb(config.dataDir, {});
  const client = new pg.Client({ connectionString: config.databaseUrl });
  try {
    await client.connect();
    await migratePg(client);
    const existing = Number((await client.query('SELECT (SELECT count(*) FROM observations) + (SELECT count(*) FROM devices) AS n')).rows[0].n);
    if (existing > 0) throw new Error('DATABASE_URL already holds devices or observations; migrate into an empty database');

    // Photos first (a re-run copies them again harmlessly): no row ever names a photo the store lacks.
    let photosCopied = 0;
    if (config.s3) {
      const blobs = photoBlobsFor(config);
      const dir = path.join(config.dataDir, 'photos');
      try {
        for (const { hash } of sqlite.prepare('SELECT hash FROM photos ORDER BY hash').all() as { hash: string }[]) {
          await blobs.write(hash, fs.readFileSync(path.join(dir, hash.slice(0, 2), hash)));
          photosCopied++;
        }
      } finally {
        blobs.close();
      }
      log(`photos copied to ${blobs.where}: ${photosCopied}`);
    } else {
      log(`photos stay in ${path.join(config.dataDir, 'photos')}: every node needs that folder (or set S3_* and run again on an empty database)`);
    }
    const counts: Record<string, number> = {};
    await client.query('BEGIN');
    try {
      await client.query('DELETE FROM server_keys');
      for (const { name, serial } of TABLES) {
        const rows = sqlite.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[];
        counts[name] = rows.length;
        for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
          const chunk = rows.slice(i, i + ROWS_PER_INSERT);
          const columns = Object.keys(chunk[0]!);
          const values: unknown[] = [];
          const tuples = chunk.map((row) => `(${columns.map((c) => `$${values.push(row[c])}`).join(', ')})`);
          await client.query(`INSERT INTO ${name} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
        }
        if (serial) await client.query(`SELECT setval(pg_get_serial_sequence('${name}', '${serial}'), coalesce((SELECT max(${serial}) FROM ${name}), 0) + 1, false)`);
        log(`${name}: ${rows.length}`);
      }
      for (const { name } of TABLES) {
        const copied = Number((await client.query(`SELECT count(*) AS n FROM ${name}`)).rows[0].n);
        if (copied !== counts[name]) throw new Error(`${name}: ${copied} rows in PostgreSQL, ${counts[name]} in SQLite; nothing was kept`);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }

    return { counts, photosCopied };
  } finally {
    sqlite.close();
    await client.end().catch(() => undefined);
  }
}
