/**
 * The server's command line: `npm run server -- <command>` with DATA_DIR (and DATABASE_URL, when
 * the deployment runs on PostgreSQL) from the environment.
 *   moderator add <name>   prints a new moderator token (shown once, stored hashed), in the store the server uses
 *   stats                  counts of observations, tombstones, devices, photos, in that store
 *   backup <file>          a consistent copy of the SQLite database while the server runs (SQLite online
 *                          backup); with DATABASE_URL it refuses and names pg_dump, PostgreSQL's own tool
 *   migrate-to-postgres    copies DATA_DIR's SQLite deployment into DATABASE_URL (photos into S3 when S3_* is set)
 */
import { pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { configFromEnv } from './config.ts';
import { openDb } from './db.ts';
import { migrateToPostgres } from './migrate-to-postgres.ts';
import { openStorage } from './open-storage.ts';

const USAGE = `usage: npm run server -- <command>
  moderator add <name>   print a new moderator token
  stats                  print counts (JSON)
  backup <file>          copy the SQLite database to <file> while the server runs (on PostgreSQL: pg_dump)
  migrate-to-postgres    copy DATA_DIR's deployment into DATABASE_URL (and its photos into S3_* when set)
environment: DATA_DIR (default ./data), DATABASE_URL, S3_ENDPOINT, S3_BUCKET`;

/** What to run instead of `backup` on PostgreSQL (the database's own tool, consistent while nodes run). */
const PG_BACKUP_HINT = `backup copies the SQLite file of DATA_DIR; this deployment runs on PostgreSQL (DATABASE_URL). Back it up with PostgreSQL's own tool while the nodes run:
  pg_dump --format=custom --file=contrechamp.dump "$DATABASE_URL"
and restore with pg_restore --dbname=<empty database> contrechamp.dump (photos: DATA_DIR/photos, or the S3 bucket with its own tools)`;

export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { dataDir, databaseUrl, s3 } = configFromEnv(env);
  const [command, ...rest] = args;
  switch (command) {
    case 'moderator': {
      const [sub, ...nameParts] = rest;
      if (sub !== 'add' || nameParts.length === 0) break;
      const storage = await openStorage({ dataDir, databaseUrl });
      try {
        const token = await storage.addModerator(nameParts.join(' '));
        console.log(token);
        console.error(`Moderator "${nameParts.join(' ')}" added. Keep this token: it is shown only once.`);
        return 0;
      } finally {
        await storage.close();
      }
    }
    case 'stats': {
      const storage = await openStorage({ dataDir, databaseUrl });
      try {
        const stats = { ...(await storage.stats()), ...(await storage.photoCount()), engine: storage.engine, ...(databaseUrl ? {} : { dataDir }) };
        console.log(JSON.stringify(stats, null, 2));
        return 0;
      } finally {
        await storage.close();
      }
    }
    case 'backup': {
      const [file] = rest;
      if (!file) break;
      if (databaseUrl) {
        console.error(PG_BACKUP_HINT);
        return 2;
      }
      const target = path.resolve(file);
      if (fs.existsSync(target)) {
        console.error(`${target} exists already; give a new file name`);
        return 1;
      }
      const db = openDb(dataDir);
      try {
        await db.backup(target);
        console.error(`Backed up ${path.join(dataDir, 'contrechamp.sqlite')} to ${target} (photos are files under ${path.join(dataDir, 'photos')}: copy them as they are).`);
        return 0;
      } finally {
        db.close();
      }
    }
    case 'migrate-to-postgres': {
      if (!databaseUrl) {
        console.error('set DATABASE_URL=postgres://… (the target, empty) and, to move the photos too, S3_ENDPOINT and S3_BUCKET');
        return 2;
      }
      const report = await migrateToPostgres({ dataDir, databaseUrl, s3 }, (line) => console.error(line));
      console.log(JSON.stringify(report, null, 2));
      console.error('Counts checked. Start the nodes with DATABASE_URL (and S3_*): devices and moderators keep their tokens.');
      return 0;
    }
  }
  console.error(USAGE);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
