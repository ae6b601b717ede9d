/**
 * A throwaway PostgreSQL 15 cluster for the tests: `initdb` in a temp folder, `postgres` on a free
 * loopback port (trust auth, no fsync: nothing here must outlive the run), started once per test
 * file and stopped when the file's worker exits. Each `freshDatabase()` is a new database made from
 * a template that already holds PostGIS. Needs Debian's postgresql-15 and postgresql-15-postgis-3
 * (scripts/install-system-deps.sh). PostgreSQL refuses to run as root: under root the cluster runs as
 * the `postgres` user the Debian package creates.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './server-harness.ts';

const BIN = '/usr/lib/postgresql/15/bin';

/** Why PostgreSQL tests cannot run here, or null when they can. */
export const postgresMissing: string | null = !fs.existsSync(path.join(BIN, 'initdb'))
  ? `${BIN}/initdb not found (apt-get install postgresql-15)`
  : !fs.existsSync('/usr/share/postgresql/15/extension/postgis.control')
    ? 'PostGIS for PostgreSQL 15 not found (apt-get install postgresql-15-postgis-3)'
    : null;

interface Cluster {
  port: number;
  dir: string;
  child: ChildProcess;
  /** Stops the server at once, its backends with it (`pg_ctl stop -m immediate`): the database is lost. */
  stop(): void;
}

// $1 the worker's pid, $2 the server's, $3 the cluster's folder.
const WATCHDOG = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -QUIT "$2" 2>/dev/null; while kill -0 "$2" 2>/dev/null; do sleep 0.2; done; rm -rf "$3"';

let started: Promise<Cluster> | null = null;
let made = 0;

function owner(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

async function start(): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contrechamp-pg-'));
  const who = owner();
  if ('uid' in who) fs.chownSync(dir, who.uid, who.gid);
  const data = path.join(dir, 'data');
  const init = spawnSync(path.join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--locale=C', '-E', 'UTF8'], { ...who, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const child = spawn(
    path.join(BIN, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    { ...who, stdio: 'ignore' },
  );
  process.once('exit', () => {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // Vitest may end the worker that ran this file with a signal, and no 'exit' handler runs then (the
  // server and its half-gigabyte folder were left behind): a watchdog outside the worker stops the
  // server (SIGQUIT: immediate shutdown) and removes the folder once the worker is gone.
  spawn('sh', ['-c', WATCHDOG, 'pg-cluster-watchdog', String(process.pid), String(child.pid), dir], { detached: true, stdio: 'ignore' }).unref();
  for (let i = 0; ; i++) {
    if (spawnSync(path.join(BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status === 0) break;
    if (i > 200) throw new Error('PostgreSQL did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE template_postgis');
  await admin.end();
  const tpl = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/template_postgis` });
  await tpl.connect();
  await tpl.query('CREATE EXTENSION postgis');
  await tpl.end();
  const stop = () => {
    spawnSync(path.join(BIN, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'], { ...who, stdio: 'ignore' });
  };
  return { port, dir, child, stop };
}

/** The cluster of this test file (started on first use). */
export function cluster(): Promise<Cluster> {
  started ??= start();
  return started;
}

/** A new, empty database with PostGIS; its postgres:// URL. */
export async function freshDatabase(): Promise<string> {
  const { port } = await cluster();
  const name = `contrechamp_${process.pid}_${++made}`;
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template_postgis`);
  await admin.end();
  return `postgres://postgres@127.0.0.1:${port}/${name}`;
}
