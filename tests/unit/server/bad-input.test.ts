/** Every bad input to the sync protocol gets a 4xx JSON error that says what is wrong; the server stays up
 * and nothing already stored changes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviseObservation } from '../../../src/core/observation-factory.ts';
import { LIMITS } from '../../../src/core/observation.ts';
import { asCreate, call, camera, pullAll, pushBatch, registerDevice, startServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let token: string;
let snapshot: string;
const stored = camera(1);

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, auth = token) =>
  call(`${s.url}/api/v1/observations/batch`, { method: 'POST', token: auth, headers, body });

beforeAll(async () => {
  s = await startServer();
  token = await registerDevice(s.url);
  await pushBatch(s.url, token, [asCreate(stored)]);
  snapshot = JSON.stringify(await pullAll(s.url, token));
});
afterAll(() => s.close());

function expectError(r: { status: number; body: any }, status: number, code: string, message?: RegExp) {
  expect(r.status).toBe(status);
  expect(r.body).toMatchObject({ error: { code, message: expect.any(String) } });
  if (message) expect(r.body.error.message).toMatch(message);
}

describe('bad input to the batch push', () => {
  it('rejects malformed JSON', async () => {
    expectError(await post('{"changes": [ {"id": '), 400, 'invalid_json');
  });

  it('rejects a body that is not { changes: [...] }', async () => {
    expectError(await post('[]'), 400, 'invalid_body', /changes/);
    expectError(await post('{"changes": "all of them"}'), 400, 'invalid_body', /changes/);
    expectError(await post('null'), 400, 'invalid_body');
  });

  it('rejects another media type', async () => {
    expectError(await post('changes=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  });

  it('answers wrong types, unknown kinds, out-of-range coordinates and long strings per item', async () => {
    const base = camera(2);
    const cases: [unknown, RegExp][] = [
      [{ ...base, version: 'one' }, /version/],
      [{ ...base, kind: 'unicorn' }, /kind/],
      [{ ...base, position: { ...base.position, lat: 91 } }, /position\.lat/],
      [{ ...base, position: { ...base.position, lon: -180.5 } }, /position\.lon/],
      [{ ...base, notes: 'x'.repeat(LIMITS.notes + 1) }, /notes/],
      [{ ...base, details: { operator: 'y'.repeat(201) } }, /details\.operator/],
      [{ ...base, details: { speed: 3 } }, /details/],
      [{ ...base, photos: ['not-a-hash'] }, /photos/],
      [{ ...base, id: 'not-a-uuid' }, /id/],
      [{ ...base, surprise: true }, /surprise|unrecognized/i],
      [{ ...base, baseVersion: 'two' }, /baseVersion/],
      ['a string', /object/],
    ];
    const r = await post(JSON.stringify({ changes: cases.map(([c]) => c) }));
    expectError(r, 422, 'invalid_items');
    cases.forEach(([, reason], i) => {
      expect(r.body.results[i]).toMatchObject({ status: 'invalid', reason: expect.stringMatching(reason) });
    });
  });

  it('rejects more than 500 changes', async () => {
    const changes = Array.from({ length: 501 }, () => ({}));
    expectError(await post(JSON.stringify({ changes })), 400, 'too_many_changes', /500/);
  });

  it('rejects a body over 1 MB', async () => {
    const big = Array.from({ length: 300 }, (_, i) => ({ ...camera(i), notes: 'n'.repeat(4000) }));
    const body = JSON.stringify({ changes: big });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    expectError(await post(body), 413, 'body_too_large');
  });

  it('rejects a missing, malformed or unknown token', async () => {
    const body = JSON.stringify({ changes: [asCreate(camera(3))] });
    expectError(await call(`${s.url}/api/v1/observations/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }), 401, 'unauthorized', /missing/);
    expectError(await post(body, { 'content-type': 'application/json', authorization: 'Basic abc' }, ''), 401, 'unauthorized', /malformed/);
    expectError(await post(body, undefined, 'A'.repeat(43)), 401, 'unauthorized', /unknown/);
    expectError(await call(`${s.url}/api/v1/observations`, {}), 401, 'unauthorized');
    expectError(await call(`${s.url}/api/v1/photos/${'a'.repeat(64)}`, { method: 'PUT', body: 'x' }), 401, 'unauthorized');
  });

  it('rejects a bad cursor or limit', async () => {
    expectError(await call(`${s.url}/api/v1/observations?since=abc`, { token }), 400, 'invalid_body', /since/);
    expectError(await call(`${s.url}/api/v1/observations?limit=0`, { token }), 400, 'invalid_body', /limit/);
    expectError(await call(`${s.url}/api/v1/observations?limit=100000`, { token }), 400, 'invalid_body', /limit/);
  });

  it('still stands, and holds exactly what it held before the bad input', async () => {
    const health = await call(`${s.url}/api/v1/health`);
    expect(health.status).toBe(200);
    const after = await pullAll(s.url, token);
    // Only the valid items of earlier mixed batches may have been added; here none were valid.
    expect(JSON.stringify(after)).toBe(snapshot);
    // And a good change still goes through.
    const v2 = reviseObservation(stored, { notes: 'still here' });
    expect((await pushBatch(s.url, token, [{ ...v2, baseVersion: 1 }])).body.results[0].status).toBe('updated');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After per token, and per address, in JSON', async () => {
    const limited = await startServer({
      rateLimits: {
        perToken: { max: 3, timeWindowMs: 60_000 },
        perAddress: { max: 9, timeWindowMs: 60_000 },
        registrations: { max: 2, timeWindowMs: 60_000 },
      },
    });
    try {
      const a = await registerDevice(limited.url);
      const b = await registerDevice(limited.url);
      expectError(await call(`${limited.url}/api/v1/devices`, { method: 'POST' }), 429, 'rate_limited');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(`${limited.url}/api/v1/observations`, { token: a })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limitedAnswer = await call(`${limited.url}/api/v1/observations`, { token: a });
      expectError(limitedAnswer, 429, 'rate_limited');
      expect(Number(limitedAnswer.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another token from the same address still gets through, until the address limit (9 requests, the registrations included).
      expect((await call(`${limited.url}/api/v1/observations`, { token: b })).status).toBe(200);
      const c = await call(`${limited.url}/api/v1/observations`, { token: b });
      expect(c.status).toBe(429);
      expect(c.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});
