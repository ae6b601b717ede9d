/** `npm start`'s entry point: config printed, the app served, a clean stop on SIGINT and SIGTERM. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeDist, tempDir } from './server-harness.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /Listening on (http:\/\/\S+?)\/?\s/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`start.mjs exited before listening:\n${out}`)));
  });
  return { child, listening, exited, output: () => out };
}

describe('npm start (scripts/start.mjs)', { timeout: 60_000 }, () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('serves the built app from DATA_DIR/HOST/PORT and stops cleanly on %s', async (signal) => {
    const dist = fakeDist();
    const dataDir = tempDir('start');
    dirs.push(dist, dataDir);
    const s = start({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: dist, SKIP_BUILD: '1', LOG_LEVEL: 'warn' });
    const url = await s.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.output()).toContain(`DATA_DIR=${dataDir}`);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    s.child.kill(signal);
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain(`${signal}: closing the server and the database`);
    expect(fs.existsSync(path.join(dataDir, 'contrechamp.sqlite'))).toBe(true);
  });
});
