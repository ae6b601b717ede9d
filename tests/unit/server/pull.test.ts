import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newObservation, reviseObservation, tombstone } from '../../../src/core/observation-factory.ts';
import {
  LATE_EVENING,
  asCreate,
  camera,
  drone as makeDrone,
  publicIdOn,
  publishAll,
  pull,
  pullAll,
  pushBatch,
  registerDevice,
  startServer,
  type TestServer,
} from './server-harness.ts';

let s: TestServer;
let token: string;
const TOTAL = 10_000;

// Seeding 10,000 over HTTP takes a while on a busy 2-core machine.
beforeAll(async () => {
  s = await startServer();
  token = await registerDevice(s.url);
  for (let start = 0; start < TOTAL; start += 500) {
    const batch = Array.from({ length: 500 }, (_, i) => asCreate(camera(start + i)));
    const r = await pushBatch(s.url, token, batch);
    if (r.status !== 200) throw new Error(`seeding failed: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  }
}, 120_000);
afterAll(() => s.close());

describe('GET /api/v1/observations (pull by cursor)', () => {
  it.each([500, 333, 1000])('pages through 10,000 changes by %i with no gap and no duplicate', async (limit) => {
    const all = await pullAll(s.url, token, limit);
    expect(all).toHaveLength(TOTAL);
    expect(new Set(all.map((o) => o.id)).size).toBe(TOTAL);
    // Pages follow server order (the order of arrival here); within a page, rows come in public id
    // order, which says nothing of when they were logged.
    const arrived = Array.from({ length: TOTAL }, (_, i) => `camera ${i}`);
    for (let start = 0; start < TOTAL; start += limit) {
      expect(new Set(all.slice(start, start + limit).map((o) => o.notes))).toEqual(new Set(arrived.slice(start, start + limit)));
    }
    expect(all.map((o) => o.notes)).not.toEqual(arrived);
  });

  it('gives a next cursor that stays put at the end, and returns later changes after it', async () => {
    const first = await pull(s.url, token, '0', 1000);
    expect(first.body.more).toBe(true);
    let since = first.body.next;
    let page;
    do {
      page = await pull(s.url, token, since, 1000);
      since = page.body.next;
    } while (page.body.more);
    // No cursor, or an empty one, is the start.
    expect((await pull(s.url, token, '', 3)).body.changes.map((o) => o.id)).toEqual((await pull(s.url, token, '0', 3)).body.changes.map((o) => o.id));
    expect((await pull(s.url, token, undefined, 3)).body.next).toBe((await pull(s.url, token, '0', 3)).body.next);
    const end = await pull(s.url, token, since);
    expect(end.body).toEqual({ changes: [], publication: [], dropped: [], next: since, more: false, recheckDays: 365 });

    const edited = reviseObservation(first.body.changes[7]!, { notes: 'moved to the corner' });
    expect((await pushBatch(s.url, token, [{ ...edited, baseVersion: 1 }])).body.results[0].status).toBe('updated');
    const later = await pull(s.url, token, since);
    expect(later.body.changes).toEqual([expect.objectContaining({ id: edited.id, version: 2, notes: 'moved to the corner' })]);
    expect(Number(later.body.next)).toBeGreaterThan(Number(since));
  });

  it('sees a change made while it pages (it moves to the end), and never loses one', async () => {
    const seen = new Map<string, number>();
    let since = '0';
    let edits = 0;
    for (;;) {
      const page = await pull(s.url, token, since, 500);
      for (const o of page.body.changes) seen.set(o.id, o.version);
      since = page.body.next;
      if (edits < 3) {
        // Edit one that this pull has already passed.
        const id = page.body.changes[0]!.id;
        const current = page.body.changes[0]!;
        const next = reviseObservation(current, { notes: `edited during pull ${edits}` });
        const r = await pushBatch(s.url, token, [{ ...next, baseVersion: current.version }]);
        expect(r.body.results[0]).toMatchObject({ id, status: 'updated' });
        edits++;
      }
      if (!page.body.more) break;
    }
    expect(seen.size).toBe(TOTAL);
    const final = await pullAll(s.url, token, 1000);
    for (const o of final) expect(seen.get(o.id)).toBe(o.version);
  });

  it('shows other devices only the day of a fixed device, and never the walk', async () => {
    const at = LATE_EVENING;
    const obs = newObservation(
      {
        kind: 'camera',
        position: { lon: 4.35, lat: 50.85, accuracy: 5, source: 'gps' },
        walkId: '019ad0c4-1111-7000-8000-0000000000aa',
      },
      at,
    );
    const drone = makeDrone(at);
    await pushBatch(s.url, token, [asCreate(obs), asCreate(drone)]);
    await publishAll(s, [obs.id, drone.id]);
    const other = await registerDevice(s.url);
    // Other devices see only what a moderator published.
    const theirs = await pullAll(s.url, other, 1000);
    // ... under their public ids: the author's UUIDv7 tells when it was made.
    expect(theirs.map((o) => o.id).sort()).toEqual([publicIdOn(s, obs.id), publicIdOn(s, drone.id)].sort());
    expect(JSON.stringify(theirs)).not.toContain(obs.id);
    // The author gets their own whole (a page's rows come in public id order: find it by id).
    const mine = await pullAll(s.url, token, 1000);
    expect(mine.find((o) => o.id === obs.id)).toEqual(obs);
    const seenByOther = theirs.find((o) => o.id === publicIdOn(s, obs.id))!;
    expect(seenByOther.observedAt).toBe('2026-11-28T00:00:00+01:00');
    expect(seenByOther.createdAt).toBe('2026-11-28T00:00:00+01:00');
    expect(seenByOther).not.toHaveProperty('walkId');
    const droneSeen = theirs.find((o) => o.id === publicIdOn(s, drone.id))!;
    expect(droneSeen.observedAt).toBe(drone.observedAt);
    expect(droneSeen.details).toEqual(drone.details);
  });

  it('tells other devices that a published observation is gone, and nothing more of it', async () => {
    const obs = newObservation({
      kind: 'camera',
      position: { lon: 4.37, lat: 50.83, accuracy: 5, source: 'gps' },
      notes: 'above the door of number 12',
      details: { operator: 'private' },
      photos: ['b'.repeat(64)],
    });
    await pushBatch(s.url, token, [asCreate(obs)]);
    await publishAll(s, [obs.id]);
    const other = await registerDevice(s.url);
    const seen = await pull(s.url, other, '0', 1000);
    expect(seen.body.changes.map((o) => o.id)).toContain(publicIdOn(s, obs.id));
    expect((await pushBatch(s.url, token, [{ ...tombstone(obs), baseVersion: 1 }])).body.results[0].status).toBe('updated');
    let since = seen.body.next;
    const later: string[] = [];
    let page;
    do {
      page = await pull(s.url, other, since, 1000);
      later.push(JSON.stringify(page.body.changes), JSON.stringify(page.body.publication));
      expect(page.body.changes.map((o) => o.id)).not.toContain(publicIdOn(s, obs.id));
      since = page.body.next;
    } while (page.body.more);
    expect(page.body.dropped).toEqual([{ id: publicIdOn(s, obs.id) }]);
    expect(later.join('')).not.toContain('number 12');
    const mine = (await pullAll(s.url, token, 1000)).find((o) => o.id === obs.id)!;
    expect(mine.notes).toBe('above the door of number 12');
  });
});
