import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviseObservation, tombstone } from '../../../src/core/observation-factory.ts';
import { asCreate, call, camera, pull, pullAll, pushBatch, registerDevice, sqlRows, startServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let token: string;

beforeAll(async () => {
  s = await startServer();
  token = await registerDevice(s.url);
});
afterAll(() => s.close());

describe('POST /api/v1/observations/batch', () => {
  it('answers the same batch sent three times with created, then unchanged, and stores each once', async () => {
    const batch = Array.from({ length: 50 }, (_, i) => asCreate(camera(i)));
    const first = await pushBatch(s.url, token, batch);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(Array(50).fill('created'));
    for (const _ of [2, 3]) {
      const again = await pushBatch(s.url, token, batch);
      expect(again.status).toBe(200);
      expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(Array(50).fill('unchanged'));
    }
    const all = await pullAll(s.url, token);
    const ids = all.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const obs of batch) expect(ids.filter((id) => id === obs.id)).toHaveLength(1);
  });

  it('applies an update whose baseVersion is the server version, and is idempotent for it too', async () => {
    const v1 = camera(1000);
    await pushBatch(s.url, token, [asCreate(v1)]);
    const v2 = reviseObservation(v1, { notes: 'pointed at the entrance' });
    const up = await pushBatch(s.url, token, [{ ...v2, baseVersion: 1 }]);
    expect(up.body.results[0]).toEqual({ id: v1.id, status: 'updated', version: 2 });
    const again = await pushBatch(s.url, token, [{ ...v2, baseVersion: 1 }]);
    expect(again.body.results[0]).toEqual({ id: v1.id, status: 'unchanged', version: 2 });
    // An old change re-sent after a newer one was accepted is still harmless.
    const old = await pushBatch(s.url, token, [asCreate(v1)]);
    expect(old.body.results[0]).toEqual({ id: v1.id, status: 'unchanged', version: 2 });
  });

  it('answers a stale baseVersion with conflict and the server copy, and changes nothing', async () => {
    const v1 = camera(2000);
    await pushBatch(s.url, token, [asCreate(v1)]);
    const mine = reviseObservation(v1, { notes: 'edit on the phone' });
    const other = reviseObservation(v1, { notes: 'edit on the tablet' });
    expect((await pushBatch(s.url, token, [{ ...mine, baseVersion: 1 }])).body.results[0].status).toBe('updated');
    // The same version with other content: a conflict, not an overwrite.
    const same = await pushBatch(s.url, token, [{ ...other, baseVersion: 1 }]);
    expect(same.body.results[0]).toMatchObject({ id: v1.id, status: 'conflict', version: 2, server: { notes: 'edit on the phone' } });
    // A newer version built on a stale base.
    const v3 = reviseObservation(other, { notes: 'third' });
    const stale = await pushBatch(s.url, token, [{ ...v3, baseVersion: 1 }]);
    expect(stale.body.results[0]).toMatchObject({ status: 'conflict', version: 2, server: { version: 2, notes: 'edit on the phone' } });
    // A create for an id the server has: a conflict too.
    const recreate = await pushBatch(s.url, token, [asCreate({ ...v3, version: 5 })]);
    expect(recreate.body.results[0]).toMatchObject({ status: 'conflict', version: 2 });
    const all = await pullAll(s.url, token);
    expect(all.find((o) => o.id === v1.id)).toMatchObject({ version: 2, notes: 'edit on the phone' });
  });

  it('keeps deletes as tombstones that the pull returns and the open data leaves out', async () => {
    const v1 = camera(3000);
    await pushBatch(s.url, token, [asCreate(v1)]);
    const before = await pull(s.url, token, '0', 1000);
    const cursor = before.body.next;
    const gone = tombstone(v1);
    const del = await pushBatch(s.url, token, [{ ...gone, baseVersion: 1 }]);
    expect(del.body.results[0]).toEqual({ id: v1.id, status: 'updated', version: 2 });
    const after = await pull(s.url, token, cursor);
    expect(after.body.changes).toEqual([expect.objectContaining({ id: v1.id, version: 2, deleted: true })]);
    const geo = await call(`${s.url}/api/v1/observations.geojson`);
    expect(geo.body.features.map((f: { id: string }) => f.id)).not.toContain(v1.id);
    const stats = await sqlRows<{ n: number }>(s, 'SELECT count(*) AS n FROM observations WHERE id = ?', [v1.id]);
    expect(Number(stats[0]!.n)).toBe(1);
  });

  it('lets a device change only its own observations', async () => {
    const v1 = camera(4000);
    await pushBatch(s.url, token, [asCreate(v1)]);
    const intruder = await registerDevice(s.url);
    const v2 = reviseObservation(v1, { notes: 'vandalised' });
    const r = await pushBatch(s.url, intruder, [{ ...v2, baseVersion: 1 }]);
    expect(r.status).toBe(422);
    expect(r.body.results[0]).toMatchObject({ status: 'invalid', reason: expect.stringContaining('another device') });
    const all = await pullAll(s.url, token);
    expect(all.find((o) => o.id === v1.id)?.notes).toBe('camera 4000');
  });

  it('answers each item on its own: invalid ones with their reason, the valid ones applied', async () => {
    const good = camera(5000);
    const bad = { ...camera(5001), kind: 'teleporter' };
    const far = { ...camera(5002), position: { lon: 200, lat: 50.8, accuracy: 5, source: 'gps' } };
    const r = await pushBatch(s.url, token, [asCreate(good), bad, far, 42]);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_items');
    expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(['created', 'invalid', 'invalid', 'invalid']);
    expect(r.body.results[1].reason).toMatch(/kind/);
    expect(r.body.results[2].reason).toMatch(/position\.lon/);
    const all = await pullAll(s.url, token);
    expect(all.some((o) => o.id === good.id)).toBe(true);
    expect(all.some((o) => o.id === bad.id || o.id === far.id)).toBe(false);
  });
});

describe('the same change spelled differently', () => {
  it('is unchanged whatever the order of its keys', async () => {
    const obs = camera(9000);
    expect((await pushBatch(s.url, token, [asCreate(obs)])).body.results[0].status).toBe('created');
    const reordered = Object.fromEntries(Object.entries(asCreate(obs)).reverse());
    const again = await pushBatch(s.url, token, [reordered]);
    expect(again.body.results[0]).toEqual({ id: obs.id, status: 'unchanged', version: 1 });
  });
});

describe('text beyond ASCII', () => {
  it('comes back from the pull exactly as it was sent', async () => {
    const notes = 'Caméra « dôme » — coin rue Haute / Hoogstraat, 監視カメラ 📷';
    const obs = { ...camera(9100), notes };
    expect((await pushBatch(s.url, token, [asCreate(obs)])).body.results[0].status).toBe('created');
    const all = await pullAll(s.url, token);
    expect(all.find((o) => o.id === obs.id)?.notes).toBe(notes);
  });
});
