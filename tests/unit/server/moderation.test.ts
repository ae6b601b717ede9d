import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newObservation, reviseObservation } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { brusselsDay } from '../../../src/core/public-time.ts';
import {
  addModeratorTo,
  asCreate,
  call,
  camera,
  confirm,
  decide,
  drone,
  pull,
  publicIdOn,
  pushBatch,
  registerDevice,
  sqlRows,
  startServer,
  type PullPage,
  type TestServer,
} from './server-harness.ts';

let s: TestServer;
let walker: string;
let other: string;
let mod: string;

beforeEach(async () => {
  s = await startServer();
  walker = await registerDevice(s.url);
  other = await registerDevice(s.url);
  mod = await addModeratorTo(s, 'Alice');
});
afterEach(() => s.close());

/** Every page from the start: the changes, their publication entries and the drops, in order. */
async function pullEverything(token: string): Promise<PullPage> {
  const all: PullPage = { changes: [], publication: [], dropped: [], next: '0', more: false, recheckDays: 0 };
  for (;;) {
    const page = await pull(s.url, token, all.next, 1000);
    expect(page.status).toBe(200);
    all.changes.push(...page.body.changes);
    all.publication.push(...page.body.publication);
    all.dropped.push(...page.body.dropped);
    all.next = page.body.next;
    all.recheckDays = page.body.recheckDays;
    if (!page.body.more) return all;
  }
}

/** What a device holds after applying every page in order (a later row replaces or drops an earlier one). */
async function heldBy(token: string, since = '0'): Promise<Map<string, { obs: Observation; state: string; confirmations?: number; lastConfirmed?: string }>> {
  const held = new Map<string, { obs: Observation; state: string; confirmations?: number; lastConfirmed?: string }>();
  let next = since;
  for (;;) {
    const page = (await pull(s.url, token, next, 1000)).body;
    page.changes.forEach((obs, i) => {
      const p = page.publication[i]!;
      held.set(obs.id, { obs, state: p.state, confirmations: p.confirmations, lastConfirmed: p.lastConfirmed });
    });
    for (const d of page.dropped) held.delete(d.id);
    next = page.next;
    if (!page.more) return held;
  }
}

/** The public id others know this author's id by. */
const pub = (id: string): string => publicIdOn(s, id);

async function feed(): Promise<any[]> {
  return (await call(`${s.url}/api/v1/observations.geojson`)).body.features;
}

function at(lon: number, lat: number, extra: Partial<Observation> = {}): Observation {
  return { ...newObservation({ kind: 'camera', position: { lon, lat, accuracy: 5, source: 'gps' }, notes: 'a man in a red coat below it' }), ...extra };
}

describe('moderation: who sees what', () => {
  it('never lets a pending observation reach the feed or the pulls of other devices', async () => {
    const obs = camera(1);
    await pushBatch(s.url, walker, [asCreate(obs)]);
    expect(await feed()).toEqual([]);
    const theirs = await pullEverything(other);
    expect(theirs.changes).toEqual([]);
    expect(theirs.dropped).toEqual([]);
    const mine = await pullEverything(walker);
    expect(mine.changes.map((o) => o.id)).toEqual([obs.id]);
    expect(mine.publication).toEqual([{ id: obs.id, state: 'pending' }]);
  });

  it('applies each decision to the feed, the author’s pull and the others’ pulls', async () => {
    const [a, b, c] = [at(4.35, 50.85), at(4.36, 50.85), at(4.3500001, 50.8500001)];
    await pushBatch(s.url, walker, [asCreate(a), asCreate(b), asCreate(c)]);
    const r = await decide(s.url, mod, [
      { decision: 'publish', id: a.id, description: 'Dome camera above the bank' },
      { decision: 'reject', id: b.id, reason: 'not_surveillance', text: 'a lamp' },
      { decision: 'merge', id: c.id, into: a.id },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { state: string }) => x.state)).toEqual(['published', 'rejected', 'merged']);

    const features = await feed();
    expect(features.map((f) => f.id)).toEqual([pub(a.id)]);
    expect(features[0].properties).toMatchObject({ status: 'published', confirmations: 1, description: 'Dome camera above the bank' });
    expect(features[0].properties.firstSeen).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(features[0].properties).not.toHaveProperty('notes');
    expect(JSON.stringify(features)).not.toContain('red coat');

    const mine = await pullEverything(walker);
    const state = (id: string) => mine.publication.find((p) => p.id === id);
    expect(state(a.id)).toMatchObject({ state: 'published', confirmations: 1 });
    expect(state(b.id)).toMatchObject({ state: 'rejected', reason: 'not_surveillance', reasonText: 'a lamp' });
    expect(state(c.id)).toMatchObject({ state: 'merged', survivor: pub(a.id) });
    expect(mine.changes.find((o) => o.id === b.id)!.notes).toBe('a man in a red coat below it');

    const theirs = await heldBy(other);
    expect([...theirs.keys()]).toEqual([pub(a.id)]);
    expect(theirs.get(pub(a.id))!.obs.notes).toBe('');
    expect(JSON.stringify((await pullEverything(other)).publication)).not.toContain('lamp');
  });

  it('tells other devices to drop a published device that is merged, pointing at its survivor', async () => {
    const [a, b] = [at(4.35, 50.85), at(4.3500002, 50.85)];
    await pushBatch(s.url, walker, [asCreate(a)]);
    await pushBatch(s.url, other, [asCreate(b)]);
    await decide(s.url, mod, [
      { decision: 'publish', id: a.id },
      { decision: 'publish', id: b.id },
    ]);
    const third = await registerDevice(s.url);
    const before = await pullEverything(third);
    expect(before.changes.map((o) => o.id).sort()).toEqual([pub(a.id), pub(b.id)].sort());
    await decide(s.url, mod, [{ decision: 'merge', id: b.id, into: a.id }]);
    const after = (await pull(s.url, third, before.next)).body;
    expect(after.dropped).toEqual([{ id: pub(b.id), survivor: pub(a.id) }]);
    expect(after.publication).toEqual([expect.objectContaining({ id: pub(a.id), state: 'published', confirmations: 2 })]);
  });

  it('keeps both histories on a merge: sightings of both devices, photos of both, decisions of both', async () => {
    const photoA = 'a'.repeat(64);
    const photoB = 'b'.repeat(64);
    const a = at(4.35, 50.85, { photos: [photoA] });
    const b = at(4.3500001, 50.85, { photos: [photoB] });
    await pushBatch(s.url, walker, [asCreate(a)]);
    await pushBatch(s.url, other, [asCreate(b)]);
    await decide(s.url, mod, [{ decision: 'publish', id: a.id }]);
    await decide(s.url, await addModeratorTo(s, 'Bob'), [{ decision: 'merge', id: b.id, into: a.id }]);
    const [f] = await feed();
    expect(f.properties.confirmations).toBe(2);
    expect(f.properties.photos).toEqual([photoA, photoB]);
    const log = (await call(`${s.url}/api/v1/moderation/log`, { token: mod })).body.entries;
    expect(log.map((e: { observationId: string; decision: string; moderator: string }) => [e.observationId, e.decision, e.moderator])).toEqual([
      [b.id, 'merge', 'Bob'],
      [a.id, 'publish', 'Alice'],
    ]);
  });

  it('keeps a photo private when the moderator says so, and the walker’s later edit out of the public until checked', async () => {
    const face = 'c'.repeat(64);
    const wall = 'd'.repeat(64);
    const a = at(4.35, 50.85, { photos: [face, wall] });
    await pushBatch(s.url, walker, [asCreate(a)]);
    await decide(s.url, mod, [{ decision: 'publish', id: a.id, privatePhotos: [face] }]);
    expect((await feed())[0].properties.photos).toEqual([wall]);
    const edited = reviseObservation(a, { details: { operator: 'invented' } });
    expect((await pushBatch(s.url, walker, [{ ...edited, baseVersion: 1 }])).body.results[0].status).toBe('updated');
    expect((await feed())[0].properties.details).not.toHaveProperty('operator');
    const queue = (await call(`${s.url}/api/v1/moderation/queue`, { token: mod })).body;
    expect(queue.items).toEqual([expect.objectContaining({ id: a.id, edited: true, state: 'published' })]);
    await decide(s.url, mod, [{ decision: 'publish', id: a.id }]);
    expect((await feed())[0].properties.details).toMatchObject({ operator: 'invented' });
  });
});

describe('moderation: an edit of a merged observation', () => {
  it('is answered conflict with the survivor as the author knows it, nothing changed; a delete still applies', async () => {
    const a = at(4.35, 50.85);
    const mine = at(4.3500001, 50.85);
    const theirs = at(4.3500002, 50.85);
    await pushBatch(s.url, walker, [asCreate(a), asCreate(mine)]);
    await pushBatch(s.url, other, [asCreate(theirs)]);
    await decide(s.url, mod, [
      { decision: 'publish', id: a.id },
      { decision: 'merge', id: mine.id, into: a.id },
      { decision: 'merge', id: theirs.id, into: a.id },
    ]);
    // Edits made offline before the merge, sent after it.
    const late = (await pushBatch(s.url, walker, [{ ...reviseObservation(mine, { notes: 'in fact two cameras' }), baseVersion: 1 }])).body.results[0];
    expect(late).toMatchObject({ id: mine.id, status: 'conflict', version: 1, survivor: a.id });
    expect(late.server.notes).toBe(mine.notes);
    const others = (await pushBatch(s.url, other, [{ ...reviseObservation(theirs, { notes: 'x' }), baseVersion: 1 }])).body.results[0];
    expect(others).toMatchObject({ status: 'conflict', survivor: pub(a.id) });
    const [row] = await sqlRows<{ version: number; state: string; edited: number }>(s, 'SELECT version, state, edited FROM observations WHERE id = ?', [mine.id]);
    expect(row).toEqual({ version: 1, state: 'merged', edited: 0 });
    const queue = (await call(`${s.url}/api/v1/moderation/queue`, { token: mod })).body;
    expect(queue.items).toEqual([]);

    const gone = { ...reviseObservation(theirs, {}), deleted: true, baseVersion: 1 };
    expect((await pushBatch(s.url, other, [gone])).body.results[0]).toMatchObject({ status: 'updated', version: 2 });
    // The survivor keeps what it took (two devices saw it).
    expect((await feed()).map((f) => f.properties.confirmations)).toEqual([2]);
  });
});

describe('moderation: "it changed"', () => {
  it('shows the device an observation says it changes beside it; publishing it marks that device removed on the new sighting’s day', async () => {
    const old = at(4.35, 50.85);
    await pushBatch(s.url, walker, [asCreate(old)]);
    await decide(s.url, mod, [{ decision: 'publish', id: old.id }]);
    // Another walker knows the old device by its public id only; their new one says it replaces it.
    const changed = at(4.35003, 50.85002, { kind: 'alpr', supersedes: pub(old.id), observedAt: '2026-06-02T09:30:00.000Z' });
    await pushBatch(s.url, other, [asCreate(changed)]);
    const queue = (await call(`${s.url}/api/v1/moderation/queue`, { token: mod })).body;
    const item = queue.items.find((i: { id: string }) => i.id === changed.id);
    expect(item.supersedes).toMatchObject({ id: old.id, publicId: pub(old.id), kind: 'camera', state: 'published', confirmations: 1 });
    expect(item.supersedes.distance).toBeGreaterThan(0);
    expect(item.supersedes.observation.notes).toBe('');

    expect((await decide(s.url, mod, [{ decision: 'publish', id: changed.id }])).status).toBe(200);
    const byId = new Map((await feed()).map((f) => [f.id, f.properties]));
    expect(byId.get(pub(old.id))).toMatchObject({ status: 'removed', removedOn: '2026-06-02' });
    expect(byId.get(pub(changed.id))).toMatchObject({ status: 'published', kind: 'alpr' });
    // The link is between the author and the moderators: never in the public form.
    expect(JSON.stringify([...byId.values()])).not.toContain('supersedes');
    const log = (await call(`${s.url}/api/v1/moderation/log`, { token: mod })).body.entries;
    expect(log[0]).toMatchObject({ observationId: old.id, decision: 'remove', moderator: 'Alice', detail: `2026-06-02, changed: ${pub(changed.id)}` });
    expect(log[1]).toMatchObject({ observationId: changed.id, decision: 'publish' });
  });

  it('leaves the old device alone when the change is rejected, or when it was not published', async () => {
    const old = at(4.35, 50.85);
    const pending = at(4.36, 50.85);
    await pushBatch(s.url, walker, [asCreate(old), asCreate(pending)]);
    await decide(s.url, mod, [{ decision: 'publish', id: old.id }]);
    const refused = at(4.3500001, 50.85, { supersedes: pub(old.id) });
    const early = at(4.3600001, 50.85, { supersedes: pending.id });
    await pushBatch(s.url, other, [asCreate(refused), asCreate(early)]);
    await decide(s.url, mod, [
      { decision: 'reject', id: refused.id, reason: 'misidentified' },
      { decision: 'publish', id: early.id },
    ]);
    const states = new Map((await sqlRows<{ id: string; state: string }>(s, 'SELECT id, state FROM observations')).map((r) => [r.id, r.state]));
    expect(states.get(old.id)).toBe('published');
    expect(states.get(pending.id)).toBe('pending');
    expect(states.get(early.id)).toBe('published');
  });
});

describe('moderation: the queue, the first decision, blocking, the audit', () => {
  it('lists pending oldest first with a stable device pseudonym and the published devices within 30 m', async () => {
    const published = at(4.35, 50.85);
    const near = at(4.35015, 50.85); // about 10.5 m east
    const far = at(4.3510, 50.85); // about 70 m east
    await pushBatch(s.url, other, [asCreate(published)]);
    await decide(s.url, mod, [{ decision: 'publish', id: published.id }]);
    await pushBatch(s.url, walker, [asCreate(near)]);
    await pushBatch(s.url, walker, [asCreate(far)]);
    const r = await call(`${s.url}/api/v1/moderation/queue?limit=1`, { token: mod });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ more: true, total: 2 });
    const [first] = r.body.items;
    expect(first.id).toBe(near.id);
    expect(first.observation.notes).toBe('a man in a red coat below it');
    expect(first.candidates.map((c: { id: string }) => c.id)).toEqual([published.id]);
    expect(first.candidates[0].distance).toBeGreaterThan(9);
    expect(first.candidates[0].distance).toBeLessThan(12);
    const page2 = await call(`${s.url}/api/v1/moderation/queue?limit=1&after=${r.body.next}`, { token: mod });
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([far.id]);
    expect(page2.body.items[0].candidates).toEqual([]);
    expect(page2.body.items[0].device).toBe(first.device);
    expect(first.device).toMatch(/^device-[0-9a-f]{8}$/);
    expect(JSON.stringify(r.body)).not.toContain(walker);
  });

  it('lets the first of two moderators deciding at once stand, and tells the second', async () => {
    const a = camera(1);
    await pushBatch(s.url, walker, [asCreate(a)]);
    const bob = await addModeratorTo(s, 'Bob');
    const [r1, r2] = await Promise.all([
      decide(s.url, mod, [{ decision: 'publish', id: a.id }]),
      decide(s.url, bob, [{ decision: 'reject', id: a.id, reason: 'spam' }]),
    ]);
    const results = [r1.body.results[0], r2.body.results[0]];
    const applied = results.filter((x) => x.status === 'applied');
    const told = results.filter((x) => x.status === 'decided');
    expect(applied).toHaveLength(1);
    expect(told).toHaveLength(1);
    expect(told[0].state).toBe(applied[0].state);
    expect(told[0].by).toBe(applied[0] === results[0] ? 'Alice' : 'Bob');
    const log = (await call(`${s.url}/api/v1/moderation/log`, { token: mod })).body.entries;
    expect(log).toHaveLength(1);
  });

  it('blocks a device: 403 device_blocked from then on, its pending rejected as spam, its published kept', async () => {
    const kept = camera(1);
    const junk = [camera(2), camera(3)];
    await pushBatch(s.url, walker, [asCreate(kept)]);
    await decide(s.url, mod, [{ decision: 'publish', id: kept.id }]);
    await pushBatch(s.url, walker, junk.map(asCreate));
    const r = await call(`${s.url}/api/v1/moderation/block`, {
      method: 'POST',
      token: mod,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: junk[0]!.id }),
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rejected: 2, device: expect.stringMatching(/^device-/) });
    const refused = await pushBatch(s.url, walker, [asCreate(camera(4))]);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('device_blocked');
    expect((await pull(s.url, walker)).status).toBe(403);
    expect((await feed()).map((f) => f.id)).toEqual([pub(kept.id)]);
    const queue = (await call(`${s.url}/api/v1/moderation/queue`, { token: mod })).body;
    expect(queue.items).toEqual([]);
    const log = (await call(`${s.url}/api/v1/moderation/log`, { token: mod })).body.entries;
    expect(log.filter((e: { decision: string; detail: string }) => e.decision === 'reject' && e.detail === 'spam')).toHaveLength(2);
  });

  it('keeps audit rows with a name, a decision and a day only: no address, no time', async () => {
    const a = camera(1);
    await pushBatch(s.url, walker, [asCreate(a)]);
    await decide(s.url, mod, [{ decision: 'reject', id: a.id, reason: 'other', text: 'see chat' }]);
    const rows = (await sqlRows(s, 'SELECT * FROM decisions')).map((r) => ({ ...r, id: Number(r.id) }));
    expect(Object.keys(rows[0]!)).toEqual(['id', 'observation_id', 'moderator', 'decision', 'detail', 'day']);
    expect(rows).toEqual([{ id: 1, observation_id: a.id, moderator: 'Alice', decision: 'reject', detail: 'other', day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }]);
    expect(JSON.stringify(rows)).not.toMatch(/127\.0\.0\.1|::1|T\d{2}:/);
  });
});

describe('moderation: bad input changes nothing', () => {
  async function snapshot() {
    return JSON.stringify(await sqlRows(s, 'SELECT id, state, seq, reason, survivor_id FROM observations ORDER BY id')) + JSON.stringify(await sqlRows(s, 'SELECT * FROM decisions'));
  }

  it('answers 401 without a moderator token, 403 with a device token, 404 for an unknown id, 4xx for bad decisions', async () => {
    const [a, b, rejected] = [camera(1), camera(2), camera(3)];
    await pushBatch(s.url, walker, [asCreate(a), asCreate(b), asCreate(rejected)]);
    await decide(s.url, mod, [{ decision: 'reject', id: rejected.id, reason: 'spam' }]);
    const before = await snapshot();
    const publishA = { decision: 'publish', id: a.id };
    expect((await decide(s.url, '', [publishA])).status).toBe(401);
    expect((await decide(s.url, 'x'.repeat(43), [publishA])).status).toBe(401);
    const asDevice = await decide(s.url, walker, [publishA]);
    expect(asDevice.status).toBe(403);
    expect(asDevice.body.error.code).toBe('forbidden');
    expect((await call(`${s.url}/api/v1/moderation/queue`, { token: walker })).status).toBe(403);
    expect((await call(`${s.url}/api/v1/moderation/queue`)).status).toBe(401);
    const cases: [unknown[], number, RegExp][] = [
      [[publishA, { decision: 'publish', id: '019ad0c4-0000-7000-8000-000000000000' }], 404, /no observation/],
      [[publishA, { decision: 'reject', id: b.id, reason: 'spam', text: 'x'.repeat(501) }], 400, /500 characters/],
      [[{ decision: 'hide', id: b.id }], 400, /decision/],
      [[publishA, { decision: 'reject', id: b.id, reason: 'ugly' }], 400, /reason/],
      [[publishA, { decision: 'merge', id: b.id, into: b.id }], 422, /into itself/],
      [[publishA, { decision: 'merge', id: b.id, into: rejected.id }], 422, /only a published device/],
      [[publishA, { decision: 'remove', id: b.id }], 422, /only a published device/],
    ];
    for (const [decisions, status, message] of cases) {
      const r = await decide(s.url, mod, decisions);
      expect(r.status, JSON.stringify(decisions)).toBe(status);
      expect(r.body.error.message).toMatch(message);
      expect(await snapshot()).toBe(before);
    }
  });
});

describe('confirmations and freshness', () => {
  it('counts a confirmation at once, and marks a device removed after two gone reports from different devices', async () => {
    const a = camera(1);
    await pushBatch(s.url, walker, [asCreate(a)]);
    await decide(s.url, mod, [{ decision: 'publish', id: a.id }]);
    const third = await registerDevice(s.url);
    const c = await confirm(s.url, other, [{ id: a.id, answer: 'yes', on: '2030-01-01' }]);
    expect(c.body.results).toEqual([{ id: a.id, status: 'counted', state: 'published' }]);
    let [f] = await feed();
    expect(f.properties.confirmations).toBe(2);
    // A day in the future counts as today.
    expect(f.properties.lastConfirmed).toBe(brusselsDay(new Date().toISOString()));
    // The same device twice is one report; a second device makes two.
    await confirm(s.url, other, [{ id: a.id, answer: 'no', on: '2026-11-29' }]);
    await confirm(s.url, other, [{ id: a.id, answer: 'no', on: '2026-11-29' }]);
    [f] = await feed();
    expect(f.properties.status).toBe('published');
    const gone = (await call(`${s.url}/api/v1/moderation/gone`, { token: mod })).body.items;
    expect(gone).toEqual([expect.objectContaining({ id: a.id, reports: 1 })]);
    await confirm(s.url, third, [{ id: a.id, answer: 'no', on: '2026-11-30' }]);
    [f] = await feed();
    expect(f.properties).toMatchObject({ status: 'removed', removedOn: '2026-11-30' });
    const theirs = await heldBy(other);
    expect(theirs.get(pub(a.id))!.state).toBe('removed');
    // A removed device is not confirmed again, and an event is never re-checked.
    expect((await confirm(s.url, other, [{ id: a.id, answer: 'yes', on: '2026-11-30' }])).body.results[0].status).toBe('ignored');
  });

  it('lets one moderator mark a published device removed, never an event', async () => {
    const a = camera(1);
    const d = drone(new Date());
    await pushBatch(s.url, walker, [asCreate(a), asCreate(d)]);
    await decide(s.url, mod, [
      { decision: 'publish', id: a.id },
      { decision: 'publish', id: d.id },
    ]);
    expect((await decide(s.url, mod, [{ decision: 'remove', id: d.id }])).status).toBe(422);
    expect((await confirm(s.url, other, [{ id: d.id, answer: 'yes', on: '2026-11-30' }])).body.results[0].status).toBe('ignored');
    const r = await decide(s.url, mod, [{ decision: 'remove', id: a.id, on: '2026-11-20' }]);
    expect(r.body.results[0]).toMatchObject({ status: 'applied', state: 'removed' });
    expect((await feed()).find((f) => f.id === pub(a.id)).properties).toMatchObject({ status: 'removed', removedOn: '2026-11-20' });
  });

  it('sends the server’s recheck interval with every pull (RECHECK_DAYS=0 makes every device due)', async () => {
    expect((await pull(s.url, walker)).body.recheckDays).toBe(365);
    const zero = await startServer({ recheckDays: 0 });
    try {
      const t = await registerDevice(zero.url);
      expect((await pull(zero.url, t)).body.recheckDays).toBe(0);
    } finally {
      await zero.close();
    }
  });
});
