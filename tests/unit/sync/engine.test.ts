/**
 * The drain loop and the pull against the REAL server (Fastify + SQLite in a temp DATA_DIR on a
 * random loopback port), with the client store in fake-indexeddb.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviseObservation, tombstone } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { getMeta, setMeta } from '../../../src/store/meta.ts';
import { deleteObservation, getObservation, saveObservation } from '../../../src/store/observations.ts';
import { listOutbox, pendingCount, syncStateOf } from '../../../src/store/outbox.ts';
import type { PhotoRecord } from '../../../src/store/photos.ts';
import { listPublication, listShared, putShared } from '../../../src/store/shared.ts';
import { ApiClient, type FetchLike } from '../../../src/sync/api-client.ts';
import { conflictOf } from '../../../src/sync/conflicts.ts';
import { syncOnce } from '../../../src/sync/engine.ts';
import { SyncError } from '../../../src/sync/errors.ts';
import { addModeratorTo, asCreate, camera, decide, publicIdOn, publishAll, pushBatch, registerDevice, sqlRows, startServer, type TestServer } from '../server/server-harness.ts';
import { listActions, queueAction } from '../../../src/store/actions.ts';
import { makeObservation, useFreshDb } from '../store/fixtures.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const { db } = useFreshDb();

/** Counts the requests per path, and lets a test answer some of them itself. */
function countingFetch(intercept?: (url: string, init: RequestInit | undefined, n: number) => Response | Promise<Response> | null): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const f = (async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    calls.push(`${init?.method ?? 'GET'} ${path}`);
    const own = intercept?.(url, init, calls.length);
    if (own) return own;
    return fetch(url, init);
  }) as FetchLike & { calls: string[] };
  f.calls = calls;
  return f;
}

async function jpeg(seed: number): Promise<PhotoRecord> {
  const data = await sharp({ create: { width: 16, height: 12, channels: 3, background: { r: seed, g: 80, b: 120 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  return { hash: createHash('sha256').update(data).digest('hex'), type: 'image/jpeg', data: buffer, width: 16, height: 12, size: data.byteLength };
}

/** What the server holds (its SQLite rows, whatever their publication state), by id. */
async function serverCopy(): Promise<Map<string, Observation[]>> {
  const byId = new Map<string, Observation[]>();
  const bodies = (await sqlRows<{ body: string }>(s, 'SELECT body FROM observations ORDER BY seq')).map((r) => r.body);
  for (const o of bodies.map((b) => JSON.parse(b) as Observation)) byId.set(o.id, [...(byId.get(o.id) ?? []), o]);
  return byId;
}

describe('drain against the real server', () => {
  it('registers once, sends 1,001 waiting changes in batches of ≤500, photos after their observation, and empties the outbox', async () => {
    const photo = await jpeg(1);
    const saved: Observation[] = [];
    for (let i = 0; i < 1001; i++) {
      const obs = makeObservation({ notes: `drain ${i}`, ...(i === 7 ? { photos: [photo.hash] } : {}) });
      await saveObservation(db(), obs, i === 7 ? [photo] : []);
      saved.push(obs);
    }
    const f = countingFetch();
    const report = await syncOnce(db(), { client: new ApiClient(s.url, f) });

    expect(report).toMatchObject({ accepted: 1001, conflicts: 0, invalid: 0, photos: 1, batches: 3 });
    expect(await pendingCount(db())).toBe(0);
    expect(f.calls.filter((c) => c === 'POST /api/v1/devices')).toHaveLength(1);
    expect(f.calls.filter((c) => c === 'POST /api/v1/observations/batch')).toHaveLength(3);
    // The photo went up after the batch holding its observation, before the next batch.
    const photoAt = f.calls.indexOf(`PUT /api/v1/photos/${photo.hash}`);
    expect(photoAt).toBeGreaterThan(f.calls.indexOf('POST /api/v1/observations/batch'));
    expect(photoAt).toBeLessThan(f.calls.lastIndexOf('POST /api/v1/observations/batch'));
    expect((await fetch(`${s.url}/api/v1/photos/${photo.hash}`, { headers: { authorization: `Bearer ${await addModeratorTo(s, `Photo check ${photo.hash.slice(0, 6)}`)}` } })).status).toBe(200);

    const server = await serverCopy();
    for (const obs of saved) expect(server.get(obs.id)).toHaveLength(1);
    expect(await syncStateOf(db(), saved[0]!.id)).toBe('synced');
    // The pull brought the shared map back, my own observations included.
    expect((await listShared(db())).observations.length).toBeGreaterThanOrEqual(1001);
    expect(await getMeta(db(), 'syncCursor')).toMatch(/^\d+$/);

    // A second run has nothing to send and sends nothing.
    const again = countingFetch();
    const second = await syncOnce(db(), { client: new ApiClient(s.url, again) });
    expect(second.accepted).toBe(0);
    expect(again.calls.some((c) => c.startsWith('POST'))).toBe(false);
  });

  it('sends 500 observations with the longest notes allowed in batches the server accepts (no 413)', async () => {
    for (let i = 0; i < 500; i++) await saveObservation(db(), makeObservation({ notes: 'é'.repeat(5000) }));
    const f = countingFetch();
    const report = await syncOnce(db(), { client: new ApiClient(s.url, f) });
    expect(report).toMatchObject({ accepted: 500, invalid: 0 });
    expect(report.batches).toBeGreaterThan(1);
    expect(await pendingCount(db())).toBe(0);
  });

  it('re-sends after a lost answer (the server applied the batch, the client saw a 500) and the server holds each once', async () => {
    const mine = Array.from({ length: 5 }, (_, i) => makeObservation({ notes: `lost answer ${i}` }));
    for (const o of mine) await saveObservation(db(), o);
    let batches = 0;
    const f = countingFetch((url, init) => {
      if (!url.endsWith('/observations/batch') || ++batches > 1) return null;
      // Forward to the server, then pretend the answer was lost.
      return fetch(url, init).then(() => new Response('{"error":{"code":"internal","message":"x"}}', { status: 500 }));
    });
    const client = new ApiClient(s.url, f);
    await expect(syncOnce(db(), { client })).rejects.toMatchObject({ key: 'syncError.server', details: { status: 500 } });
    expect(await pendingCount(db())).toBe(5);
    const report = await syncOnce(db(), { client });
    expect(report.accepted).toBe(5);
    expect(await pendingCount(db())).toBe(0);
    const server = await serverCopy();
    for (const o of mine) expect(server.get(o.id)).toHaveLength(1);
  });

  it('gives 429 as a busy error with the Retry-After the server sent, and keeps everything queued', async () => {
    await saveObservation(db(), makeObservation());
    const f = countingFetch((url) =>
      url.endsWith('/observations/batch') ? new Response('{"error":{"code":"rate_limited","message":"slow down"}}', { status: 429, headers: { 'retry-after': '7' } }) : null,
    );
    const error = await syncOnce(db(), { client: new ApiClient(s.url, f) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ key: 'syncError.busy', transient: true, details: { status: 429, retryAfterMs: 7000 } });
    expect(await pendingCount(db())).toBe(1);
  });

  it('an edit after a sync goes up as an update on the acknowledged version; a delete removes it from the shared copy', async () => {
    const v1 = makeObservation({ notes: 'v1' });
    await saveObservation(db(), v1);
    const client = new ApiClient(s.url);
    await syncOnce(db(), { client });
    const v2 = reviseObservation(v1, { notes: 'v2' });
    await saveObservation(db(), v2);
    expect((await listOutbox(db()))[0]).toMatchObject({ version: 2, baseVersion: 1 });
    await syncOnce(db(), { client });
    expect((await serverCopy()).get(v1.id)?.[0]?.notes).toBe('v2');
    expect((await listShared(db())).observations.find((o) => o.id === v1.id)?.notes).toBe('v2');

    await deleteObservation(db(), v1.id);
    await syncOnce(db(), { client });
    expect((await serverCopy()).get(v1.id)?.[0]?.deleted).toBe(true);
    expect((await listShared(db())).observations.some((o) => o.id === v1.id)).toBe(false);
  });

  it('a stale change gets the server copy as the observation and keeps mine as a conflict', async () => {
    const v1 = makeObservation({ notes: 'base' });
    await saveObservation(db(), v1);
    const client = new ApiClient(s.url);
    await syncOnce(db(), { client });
    // The same device's token, used behind the client's back: someone else's edit, as far as this db knows.
    const token = (await getMeta(db(), 'deviceToken'))!;
    const theirs = reviseObservation(v1, { notes: 'edited elsewhere' });
    expect((await pushBatch(s.url, token, [{ ...theirs, baseVersion: 1 }])).body.results[0].status).toBe('updated');

    const mine = reviseObservation(v1, { notes: 'edited here' });
    await saveObservation(db(), mine);
    const report = await syncOnce(db(), { client });
    expect(report.conflicts).toBe(1);
    expect(await syncStateOf(db(), v1.id)).toBe('conflict');
    expect((await getObservation(db(), v1.id))?.notes).toBe('edited elsewhere');
    expect(await pendingCount(db())).toBe(0);
    expect((await serverCopy()).get(v1.id)?.[0]?.notes).toBe('edited elsewhere');
  });

  it('an edit that reaches the server after a moderator merged its observation is a conflict naming the survivor, never re-sent', async () => {
    const survivor = camera(9600);
    await pushBatch(s.url, await registerDevice(s.url), [asCreate(survivor)]);
    await publishAll(s, [survivor.id]);
    const v1 = makeObservation({ notes: 'the same camera' });
    await saveObservation(db(), v1);
    const client = new ApiClient(s.url);
    await syncOnce(db(), { client });
    const moderator = await addModeratorTo(s, 'Merger');
    expect((await decide(s.url, moderator, [{ decision: 'merge', id: v1.id, into: survivor.id }])).body.results[0].state).toBe('merged');

    await saveObservation(db(), reviseObservation(v1, { notes: 'edited offline before the merge' }));
    const report = await syncOnce(db(), { client });
    expect(report.conflicts).toBe(1);
    expect(await conflictOf(db(), v1.id)).toMatchObject({ survivor: publicIdOn(s, survivor.id), mine: { notes: 'edited offline before the merge' } });
    expect(await pendingCount(db())).toBe(0);
    expect((await serverCopy()).get(v1.id)?.[0]?.notes).toBe('the same camera');
  });

  it('marks a change the server refuses with its reason, sends the others, and does not send it again until edited', async () => {
    const good = makeObservation({ notes: 'good' });
    await saveObservation(db(), good);
    // Another device already holds this id: the server answers invalid for mine.
    const other = await registerDevice(s.url);
    const taken = camera(424242);
    await pushBatch(s.url, other, [asCreate(taken)]);
    await saveObservation(db(), reviseObservation(taken, { notes: 'mine' }));

    const f = countingFetch();
    const report = await syncOnce(db(), { client: new ApiClient(s.url, f) });
    expect(report).toMatchObject({ accepted: 1, invalid: 1 });
    const [entry] = await listOutbox(db());
    expect(entry).toMatchObject({ id: taken.id, lastError: 'invalid: this observation belongs to another device' });

    const again = countingFetch();
    await syncOnce(db(), { client: new ApiClient(s.url, again) });
    expect(again.calls.filter((c) => c.includes('/batch'))).toHaveLength(0);
    expect(await pendingCount(db())).toBe(1);
  });

  it('registers again when the server no longer knows the token', async () => {
    await setMeta(db(), 'deviceToken', 'x'.repeat(43));
    await saveObservation(db(), makeObservation());
    const f = countingFetch();
    await syncOnce(db(), { client: new ApiClient(s.url, f) });
    expect(await pendingCount(db())).toBe(0);
    expect(f.calls.filter((c) => c === 'POST /api/v1/devices')).toHaveLength(1);
    expect(await getMeta(db(), 'deviceToken')).not.toBe('x'.repeat(43));
  });

  it('a photo that fails on the network holds back only its observation, which goes again with the photo next run', async () => {
    const photo = await jpeg(2);
    const withPhoto = makeObservation({ notes: 'with photo', photos: [photo.hash] });
    const plain = makeObservation({ notes: 'plain' });
    await saveObservation(db(), withPhoto, [photo]);
    await saveObservation(db(), plain);
    const down = countingFetch((url) => (url.includes('/photos/') ? Promise.reject(new TypeError('Failed to fetch')) : null));
    await expect(syncOnce(db(), { client: new ApiClient(s.url, down) })).rejects.toMatchObject({ key: 'syncError.network' });
    expect((await listOutbox(db())).map((e) => e.id)).toEqual([withPhoto.id]);

    await syncOnce(db(), { client: new ApiClient(s.url) });
    expect(await pendingCount(db())).toBe(0);
    expect((await fetch(`${s.url}/api/v1/photos/${photo.hash}`, { headers: { authorization: `Bearer ${await addModeratorTo(s, `Photo check ${photo.hash.slice(0, 6)}`)}` } })).status).toBe(200);
  });

  it('pulls other devices’ published observations into the shared copy by cursor, in pages, tombstones and rejections removing', async () => {
    const other = await registerDevice(s.url);
    const theirs = Array.from({ length: 25 }, (_, i) => camera(9000 + i));
    await pushBatch(s.url, other, theirs.map(asCreate));
    const waiting = camera(9100);
    await pushBatch(s.url, other, [asCreate(waiting)]);
    await publishAll(s, theirs.map((o) => o.id));
    const gone = theirs[3]!;
    await pushBatch(s.url, other, [{ ...tombstone(gone), baseVersion: 1 }]);
    // Pulled earlier, as others see it: under its public id.
    const pub = (id: string) => publicIdOn(s, id);
    await putShared(db(), [{ ...gone, id: pub(gone.id) }]);

    const f = countingFetch();
    const report = await syncOnce(db(), { client: new ApiClient(s.url, f), pullPage: 10 });
    expect(report.pages).toBeGreaterThan(2);
    const shared = new Set((await listShared(db())).observations.map((o) => o.id));
    for (const o of theirs) expect(shared.has(pub(o.id))).toBe(o.id !== gone.id);
    // Never under the author's id, which tells when it was made.
    for (const o of theirs) expect(shared.has(o.id)).toBe(false);
    // Pending: never on another device.
    expect(shared.has(pub(waiting.id))).toBe(false);
    const states = await listPublication(db());
    expect(states.get(pub(theirs[0]!.id))).toMatchObject({ state: 'published', confirmations: 1 });
    expect(await getMeta(db(), 'recheckDays')).toBe(365);
    // The next run starts from the cursor: one page, nothing new.
    const again = await syncOnce(db(), { client: new ApiClient(s.url), pullPage: 10 });
    expect(again).toMatchObject({ pages: 1, pulled: 0 });
  });
});

describe('answers and decisions made offline, against the real server', () => {
  it('sends queued confirmations and decisions, learns the states, and reports a decision someone made first', async () => {
    const walker = await registerDevice(s.url);
    const [a, b] = [camera(9500), camera(9501)];
    await pushBatch(s.url, walker, [asCreate(a), asCreate(b)]);
    await publishAll(s, [a.id]);
    const token = await addModeratorTo(s, 'Offline moderator');
    await setMeta(db(), 'moderatorToken', token);
    // Queued while offline: a confirmation of a, a rejection of b; meanwhile another moderator publishes b.
    await queueAction(db(), { type: 'confirmation', confirmation: { id: a.id, answer: 'yes', on: '2026-11-30' } });
    await queueAction(db(), { type: 'decision', decision: { decision: 'reject', id: b.id, reason: 'spam' } });
    await publishAll(s, [b.id]);

    const report = await syncOnce(db(), { client: new ApiClient(s.url) });
    expect(report.answers).toBe(2);
    expect(await listActions(db())).toEqual([]);
    expect(await getMeta(db(), 'decidedFirst')).toEqual([expect.objectContaining({ id: b.id, status: 'decided', state: 'published', by: expect.stringMatching(/^Publisher/) })]);
    const states = await listPublication(db());
    // This device is not the author: it knows both under their public ids.
    expect(states.get(publicIdOn(s, a.id))).toMatchObject({ state: 'published', confirmations: 2 });
    expect(states.get(publicIdOn(s, b.id))).toMatchObject({ state: 'published' });
  });

  it('tells a blocked device so, and keeps everything it holds', async () => {
    const obs = makeObservation({ notes: 'sent before the block' });
    await saveObservation(db(), obs);
    await syncOnce(db(), { client: new ApiClient(s.url) });
    const mod = await addModeratorTo(s, 'Blocker');
    const blocked = await fetch(`${s.url}/api/v1/moderation/block`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mod}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: obs.id }),
    });
    expect(blocked.status).toBe(200);
    const later = makeObservation({ notes: 'after the block' });
    await saveObservation(db(), later);
    const error = await syncOnce(db(), { client: new ApiClient(s.url) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).key).toBe('syncError.blocked');
    expect(await getObservation(db(), later.id)).toEqual(later);
    expect(await pendingCount(db())).toBe(1);
  });
});
