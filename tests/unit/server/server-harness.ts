/**
 * Starts the real server (Fastify + SQLite file in a temp dir) on a random loopback port, and
 * speaks the /api/v1 protocol to it over real HTTP. No mock of the database anywhere. With
 * CONTRECHAMP_TEST_STORE=postgres (the `server-postgres` test project), each server gets a fresh
 * database in a PostgreSQL cluster the test file starts (pg-cluster.ts).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { newObservation } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import type { Publication } from '../../../src/core/publication.ts';
import type { Drop } from '../../../src/core/wire.ts';
import { buildServer, type BuildOptions, type Server } from '../../../src/server/app.ts';
import pg from 'pg';

export interface TestServer {
  url: string;
  dataDir: string;
  /** The PostgreSQL database of this server, when the suite runs on PostgreSQL. */
  databaseUrl?: string;
  server: Server;
  logs(): string;
  close(): Promise<void>;
}

/** A free loopback port (closed again before use). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `contrechamp-${prefix}-`));
}

/** A tiny built app: an index, a hashed asset, a service worker and a manifest. */
export function fakeDist(): string {
  const dir = tempDir('dist');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Contrechamp</title><div id="app"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-B6I2AATS.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  fs.writeFileSync(path.join(dir, 'manifest.webmanifest'), '{"name":"Contrechamp"}');
  fs.mkdirSync(path.join(dir, '.vite'));
  fs.writeFileSync(path.join(dir, '.vite', 'manifest.json'), '{"src/app/main.tsx":{"file":"assets/index-B6I2AATS.js"}}');
  return dir;
}

/** Which store the suite runs on. */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.CONTRECHAMP_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

export async function startServer(options: Partial<BuildOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir('data');
  if (TEST_STORE === 'postgres' && options.databaseUrl === undefined) {
    const { freshDatabase } = await import('./pg-cluster.ts');
    options = { ...options, databaseUrl: await freshDatabase() };
  }
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const server = await buildServer({ distDir: null, logLevel: 'info', logStream, ...options, dataDir });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address();
  if (!address || typeof address !== 'object') throw new Error('expected the server to listen on a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    server,
    logs: () => lines.join(''),
    close: async () => {
      await server.app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(url: string, init: RequestInit & { token?: string } = {}): Promise<Answer<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

export async function registerDevice(base: string): Promise<string> {
  const r = await call<{ token: string }>(`${base}/api/v1/devices`, { method: 'POST' });
  if (r.status !== 201) throw new Error(`expected 201 from POST /devices, got ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

export type Change = Observation & { baseVersion?: number | null };

export function pushBatch(base: string, token: string, changes: unknown[]): Promise<Answer<any>> {
  return call(`${base}/api/v1/observations/batch`, {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ changes }),
  });
}

export function pull(base: string, token: string, since?: string, limit?: number): Promise<Answer<PullPage>> {
  const q = new URLSearchParams();
  if (since !== undefined) q.set('since', since);
  if (limit !== undefined) q.set('limit', String(limit));
  return call(`${base}/api/v1/observations?${q}`, { token });
}

/** Pulls every page from the start; returns the changes in server order. */
export async function pullAll(base: string, token: string, limit = 500): Promise<Observation[]> {
  const all: Observation[] = [];
  let since = '0';
  for (;;) {
    const page = await pull(base, token, since, limit);
    if (page.status !== 200) throw new Error(`pull answered ${page.status}: ${JSON.stringify(page.body)}`);
    all.push(...page.body.changes);
    since = page.body.next;
    if (!page.body.more) return all;
  }
}

/** A camera near the Bourse, a little further east for each i. */
export function camera(i: number, now = new Date('2026-11-28T14:37:12.345Z')): Observation {
  return newObservation(
    {
      kind: 'camera',
      position: { lon: 4.3487 + i * 1e-6, lat: 50.8476, accuracy: 8, source: 'gps' },
      details: { direction: [{ bearing: i % 360 }], cameraType: 'dome' },
      notes: `camera ${i}`,
      walkId: '019ad0c4-1111-7000-8000-000000000001',
    },
    now,
  );
}

/** 23:37 in Brussels, the 28th: a time of day the public forms must not show. */
export const LATE_EVENING = new Date('2026-11-28T22:37:12.345Z');

/** A drone over a demonstration, logged at `now`: an event, whose time window others may see. */
export function drone(now: Date): Observation {
  return newObservation(
    {
      kind: 'drone',
      position: { lon: 4.36, lat: 50.84, accuracy: 50, source: 'manual' },
      details: { start: '2026-11-28T13:00:00Z', end: '2026-11-28T15:30:00Z', context: 'demonstration' },
    },
    now,
  );
}

export const asCreate = (obs: Observation): Change => ({ ...obs, baseVersion: null });

/** The public id under which others know this author's id on this server (made with its key). */
export const publicIdOn = (s: TestServer, id: string): string => s.server.storage.publicIdOf()(id);

/** A moderator token, as `npm run server -- moderator add <name>` prints it. */
export function addModeratorTo(s: TestServer, name = 'Mod'): Promise<string> {
  return s.server.storage.addModerator(name);
}

/**
 * Rows of an SQL query on the server's own database, whichever the store (`?` placeholders; for
 * tests that look under the protocol).
 */
export async function sqlRows<T = Record<string, unknown>>(s: TestServer, sql: string, params: unknown[] = []): Promise<T[]> {
  if (s.server.db) return s.server.db.prepare(sql).all(...params) as T[];
  let n = 0;
  const client = new pg.Client({ connectionString: s.databaseUrl! });
  await client.connect();
  try {
    return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
  } finally {
    await client.end();
  }
}

export function decide(base: string, token: string, decisions: unknown[]): Promise<Answer<any>> {
  return call(`${base}/api/v1/moderation/decisions`, {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ decisions }),
  });
}

/** Publishes observations by id with a fresh moderator; throws unless every one is applied. */
export async function publishAll(s: TestServer, ids: readonly string[]): Promise<void> {
  const token = await addModeratorTo(s, `Publisher ${Math.random().toString(36).slice(2, 8)}`);
  for (let i = 0; i < ids.length; i += 500) {
    const r = await decide(s.url, token, ids.slice(i, i + 500).map((id) => ({ decision: 'publish', id })));
    if (r.status !== 200 || r.body.results.some((x: { status: string }) => x.status !== 'applied')) {
      throw new Error(`publishing failed: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
  }
}

export function confirm(base: string, token: string, confirmations: unknown[]): Promise<Answer<any>> {
  return call(`${base}/api/v1/confirmations`, {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ confirmations }),
  });
}

export interface PullPage {
  changes: Observation[];
  publication: Publication[];
  dropped: Drop[];
  next: string;
  more: boolean;
  recheckDays: number;
}
