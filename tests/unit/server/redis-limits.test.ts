/**
 * Rate limits shared by several nodes through Redis (REDIS_URL): two servers on one Redis count one
 * token's requests together. Redis unreachable at start: a clear message and no server. Needs
 * `redis-server` (Debian's redis-server, scripts/install-system-deps.sh); skips with a message without it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app.ts';
import { call, freePort, registerDevice, startServer, tempDir, type TestServer } from './server-harness.ts';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.warn('redis-limits.test.ts skipped: redis-server is not installed (apt-get install redis-server)');

let redis: ChildProcess;
let url: string;
const nodes: TestServer[] = [];

beforeAll(async () => {
  if (!hasRedis) return;
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tempDir('redis')], { stdio: 'ignore' });
  url = `redis://127.0.0.1:${port}`;
  // Ready when it accepts a connection.
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.end(), resolve(true)));
      c.on('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const rateLimits = { perToken: { max: 5, timeWindowMs: 60_000 } };
  nodes.push(await startServer({ redisUrl: url, rateLimits }), await startServer({ redisUrl: url, rateLimits }));
});

afterAll(async () => {
  for (const n of nodes) await n.close();
  redis?.kill('SIGKILL');
});

describe.skipIf(!hasRedis)('rate limits through Redis', () => {
  it('counts one token across two nodes', async () => {
    const [a, b] = nodes as [TestServer, TestServer];
    const token = await registerDevice(a.url);
    // Each node has its own database here; the limit keys on the token's hash, shared through Redis.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await call(`${(i % 2 ? b : a).url}/api/v1/observations`, { token });
      statuses.push(r.status);
    }
    // Five requests pass on the two nodes together (401 on b, whose database does not know the token); the sixth is limited.
    expect(statuses.slice(0, 5).every((st) => st !== 429)).toBe(true);
    expect(statuses[5]).toBe(429);
  });

  it('refuses to start with a clear message when Redis cannot be reached', async () => {
    const closed = await freePort();
    await expect(buildServer({ dataDir: tempDir('no-redis'), distDir: null, logLevel: 'silent', redisUrl: `redis://:secret@127.0.0.1:${closed}` })).rejects.toThrow(
      /REDIS_URL: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1/,
    );
  });
});
