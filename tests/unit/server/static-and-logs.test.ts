import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCreate, call, camera, fakeDist, pushBatch, registerDevice, startServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let dist: string;

beforeAll(async () => {
  dist = fakeDist();
  // trustProxy: the client address is then the X-Forwarded-For one, which must not reach the log.
  s = await startServer({ distDir: dist, trustProxy: true });
});
afterAll(async () => {
  await s.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('serving the built app', () => {
  it('marks hashed assets immutable and revalidates the shell, the service worker and the manifest', async () => {
    const asset = await fetch(`${s.url}/assets/index-B6I2AATS.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const p of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const r = await fetch(`${s.url}${p}`);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('cache-control'), p).toBe('no-cache');
    }
    expect((await fetch(`${s.url}/manifest.webmanifest`)).headers.get('content-type')).toMatch(/manifest\+json/);
  });

  it('answers client-side routes with the app shell, and unknown API paths with a JSON 404', async () => {
    const page = await fetch(`${s.url}/map/some/where?x=1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<div id="app">');
    const api = await call(`${s.url}/api/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not_found');
    expect((await fetch(`${s.url}/assets/missing-file.js`, { method: 'POST' })).status).toBe(404);
  });

  it("never serves the build's dot folders (Vite's manifest names our source files)", async () => {
    const r = await fetch(`${s.url}/.vite/manifest.json`);
    const body = await r.text();
    expect(body).not.toContain('src/app');
    expect(body).toContain('<div id="app">');
  });

  it('sends a CSP that allows our own origin only (plus the blob: workers and data: images MapLibre needs)', async () => {
    const csp = (await fetch(`${s.url}/`)).headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => [d.trim().split(' ')[0], d.trim().split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['worker-src']).toEqual(["'self'", 'blob:']);
    expect(directives['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe');
    expect(csp).not.toMatch(/https?:\/\//);
  });
});

describe('logging', () => {
  it('never writes an IP address, a user agent or a token', async () => {
    const ua = 'Mozilla/5.0 (Secret Phone; Walker 42) ContrechampTest/1.0';
    const token = await registerDevice(s.url);
    await call(`${s.url}/`, { headers: { 'user-agent': ua, 'x-forwarded-for': '203.0.113.77' } });
    await call(`${s.url}/api/v1/observations?since=0`, { token, headers: { 'user-agent': ua } });
    await pushBatch(s.url, token, [asCreate(camera(1)), { kind: 'bogus' }]);
    await call(`${s.url}/api/v1/observations/batch`, { method: 'POST', token, headers: { 'content-type': 'application/json', 'user-agent': ua }, body: '{oops' });
    // The server's own listening address is not a client's: leave that line out.
    const logs = s
      .logs()
      .split('\n')
      .filter((l) => !l.includes('Server listening at'))
      .join('\n');
    expect(logs).toContain('"url":"/api/v1/observations"');
    expect(logs).not.toContain('127.0.0.1');
    expect(logs).not.toContain('203.0.113.77');
    expect(logs).not.toContain('remoteAddress');
    expect(logs).not.toContain('Secret Phone');
    expect(logs).not.toContain('user-agent');
    expect(logs).not.toContain(token);
  });
});
