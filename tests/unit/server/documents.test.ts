/** Documents: moderators attach them to a device, an operator or a commune; anyone reads them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addModeratorTo, call, registerDevice, startServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let moderator: string;
const doc = { target: 'commune', targetId: '21004', title: 'Délibération caméras', url: 'https://example.org/decision.pdf', kind: 'council_decision', date: '2025-06-30' };
const attach = (body: unknown, token?: string) =>
  call(`${s.url}/api/v1/moderation/documents`, { method: 'POST', ...(token ? { token } : {}), headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  s = await startServer();
  moderator = await addModeratorTo(s);
});
afterAll(() => s.close());

describe('documents', () => {
  it('are attached by a moderator and read by anyone, per target, without the moderator name', async () => {
    const r = await attach(doc, moderator);
    expect(r.status).toBe(201);
    await attach({ ...doc, target: 'operator', targetId: 'STIB', title: 'Contrat', kind: 'contract' }, moderator);
    const all = await call(`${s.url}/api/v1/documents`);
    expect(all.status).toBe(200);
    expect(all.body.documents).toHaveLength(2);
    const commune = await call(`${s.url}/api/v1/documents?target=commune&id=21004`);
    expect(commune.body.documents).toEqual([{ id: r.body.id, ...doc }]);
    expect(JSON.stringify(all.body)).not.toContain('Mod');
  });

  it('refuses a URL that is not http(s), a bad kind, and callers that are not moderators', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'ftp://example.org/x', 'not a url']) {
      const r = await attach({ ...doc, url }, moderator);
      expect(r.status, url).toBe(400);
      expect(r.body.error.message).toContain('http(s)');
    }
    expect((await attach({ ...doc, kind: 'rumour' }, moderator)).status).toBe(400);
    expect((await attach(doc)).status).toBe(401);
    expect((await attach(doc, await registerDevice(s.url))).status).toBe(403);
    expect((await call(`${s.url}/api/v1/documents?target=planet&id=x`)).status).toBe(400);
  });
});
