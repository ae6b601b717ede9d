/**
 * Public ids and the public outputs: nothing that others see (the open data feed, their pulls)
 * tells the time of day of a fixed device, through its id, its stamps or its order.
 */
import 'fake-indexeddb/auto';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newObservation, reviseObservation, tombstone } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { EXPORT_FORMATS } from '../../../src/core/codecs/export-formats.ts';
import { withSharedMap } from '../../../src/app/export/text-export.ts';
import { DB_FILE, migrate, openDb } from '../../../src/server/db.ts';
import { publicObservation } from '../../../src/server/public-observation.ts';
import { openDb as openDeviceDb } from '../../../src/store/db.ts';
import { saveObservation } from '../../../src/store/observations.ts';
import { applyPulledPage, listOthersShared } from '../../../src/store/shared.ts';
import { publicIdMaker } from '../../../src/server/public-id.ts';
import { addModeratorTo, asCreate, call, drone, publishAll, pull, pullAll, pushBatch, registerDevice, startServer, tempDir, TEST_STORE } from './server-harness.ts';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Any UUIDv7 (whose first 48 bits are a time), anywhere in a text. */
const ANY_UUID_V7 = /[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/i;
/** A time of day in an RFC 3339 stamp that is not midnight. */
const TIME_OF_DAY = /T(?!00:00:00)\d\d:\d\d/;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A walk of fixed devices, logged every seven minutes from 21:05 in Brussels, east as it goes. */
function walk(n: number): Observation[] {
  return Array.from({ length: n }, (_, i) =>
    newObservation(
      {
        kind: i % 2 ? 'alpr' : 'camera',
        position: { lon: 4.35 + i * 1e-3, lat: 50.85, accuracy: 5, source: 'gps' },
        walkId: '019ad0c4-1111-7000-8000-0000000000cc',
        notes: `stop ${i}`,
      },
      new Date(Date.UTC(2026, 10, 28, 20, 5 + 7 * i, 13, 345)),
    ),
  );
}

/** Every place a fixed device's public form might show time: the text, and each stamp. */
function expectNoTime(label: string, value: unknown): void {
  const text = JSON.stringify(value);
  expect(text, `${label}: a UUIDv7`).not.toMatch(ANY_UUID_V7);
  expect(text, `${label}: a time of day`).not.toMatch(TIME_OF_DAY);
}

describe('the public id', () => {
  const key = Buffer.alloc(32, 7);
  const id = '019ad0c4-5f3e-7a01-8000-0123456789ab';

  it('is a UUIDv8 that stays the same for the same id and key', () => {
    const of = publicIdMaker(key);
    expect(of(id)).toMatch(UUID_V8);
    expect(publicIdMaker(Buffer.from(key))(id)).toBe(of(id));
  });

  it('is HMAC-SHA256 of the id under the key, its first 128 bits with the version and variant bits set', () => {
    // The rule as written in public-id.ts, computed the plain way: ids already public must never change.
    for (const k of [key, Buffer.from('00ff'.repeat(16), 'hex')]) {
      // Ids of every length around the buffers the maker reuses, UTF-8 of 1 to 4 bytes, one after another;
      // every ASCII length around one block's room (55) and ASCII ids that turn non-ASCII at their end.
      const ascii = Array.from({ length: 70 }, (_, n) => String.fromCharCode(...Array.from({ length: n }, (_, c) => 1 + ((c * 37) % 127))));
      const odd = ['', 'é', '監'.repeat(64), '𝄞'.repeat(32), 'x'.repeat(65), '監'.repeat(65), '\ud800', 'y'.repeat(300), id, ...ascii, `${id}é`, `${'z'.repeat(54)}\u0080`];
      for (const i of [id, '019ad0c4-5f3f-7a01-8000-0123456789ab', ...odd]) {
        const b = createHmac('sha256', k).update(i).digest();
        b[6] = (b[6]! & 0x0f) | 0x80;
        b[8] = (b[8]! & 0x3f) | 0x80;
        const h = b.toString('hex', 0, 16);
        expect(publicIdMaker(k)(i)).toBe(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`);
      }
    }
  });

  it('differs between ids and between servers (keys), and keeps nothing of the time in the id', () => {
    const of = publicIdMaker(key);
    const next = '019ad0c4-5f3f-7a01-8000-0123456789ab'; // made one millisecond later
    expect(of(next)).not.toBe(of(id));
    expect(publicIdMaker(Buffer.alloc(32, 8))(id)).not.toBe(of(id));
    expect(of(id).slice(0, 13)).not.toBe(of(next).slice(0, 13));
  });
});

describe('what the public sees of a walk (feed, other devices’ pulls, the outputs built on them)', () => {
  it('shows no UUIDv7, no time of day and no walking order of fixed devices, with ids stable across an edit and a restart', async () => {
    const dataDir = tempDir('public-scan');
    dirs.push(dataDir);
    let s = await startServer({ dataDir });
    const author = await registerDevice(s.url);
    const stops = walk(12);
    const event = drone(new Date('2026-11-28T20:40:00Z'));
    expect((await pushBatch(s.url, author, [...stops, event].map(asCreate))).status).toBe(200);
    await publishAll(s, [...stops, event].map((o) => o.id));
    const edited = reviseObservation(stops[3]!, { notes: 'still there' }, new Date('2026-11-28T21:59:01Z'));
    const gone = tombstone(stops[5]!, new Date('2026-11-28T22:01:01Z'));
    await pushBatch(s.url, author, [
      { ...edited, baseVersion: 1 },
      { ...gone, baseVersion: 1 },
    ]);
    await publishAll(s, [edited.id]);

    const reader = await registerDevice(s.url);
    const pulled = await pullAll(s.url, reader);
    const feed = (await call(`${s.url}/api/v1/observations.geojson`)).body;
    const notDrone = (f: { properties: { kind: string } }) => f.properties.kind !== 'drone';
    const fixedPulled = pulled.filter((o) => o.kind !== 'drone');
    const fixedFeed = feed.features.filter(notDrone);
    expect(fixedPulled).toHaveLength(11);
    expect(fixedFeed).toHaveLength(11);
    expectNoTime('others’ pull', fixedPulled);
    expectNoTime('open data feed', fixedFeed);
    // The drone is an event: its time window is public, but not its author's id.
    expect(JSON.stringify(pulled)).not.toMatch(ANY_UUID_V7);
    expect(JSON.stringify(feed)).not.toMatch(ANY_UUID_V7);
    for (const o of pulled) expect(o.id).toMatch(UUID_V8);

    // The outputs built on the feed: OGC API items, the CSV and the Atom feed (the drone's lines
    // are not checked for time: its time window is public).
    const ogc = (await call(`${s.url}/api/ogc/collections/devices/items?limit=1000`)).body;
    expect(ogc.features).toHaveLength(12);
    expect(JSON.stringify(ogc)).not.toMatch(ANY_UUID_V7);
    expectNoTime('OGC API items', ogc.features.filter(notDrone));
    const csv = (await call(`${s.url}/api/v1/observations.csv`)).body as string;
    expect(csv.trim().split('\n')).toHaveLength(13);
    expect(csv).not.toMatch(ANY_UUID_V7);
    expectNoTime('open data CSV', csv.split('\n').filter((line) => !line.includes('drone')));
    const atom = (await call(`${s.url}/api/v1/changes.atom`)).body as string;
    expect(atom).toContain('<entry>');
    expect(atom).not.toMatch(ANY_UUID_V7);

    // A document a moderator attaches to a device by its author's id is shown under its public id.
    const mod = await addModeratorTo(s, 'Archivist');
    const doc = { target: 'device', targetId: stops[0]!.id, title: 'Permit', url: 'https://example.org/permit.pdf', kind: 'contract', date: '2026-11-01' };
    expect((await call(`${s.url}/api/v1/moderation/documents`, { method: 'POST', token: mod, headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) })).status).toBe(201);
    const documents = (await call(`${s.url}/api/v1/documents`)).body.documents;
    expect(documents).toHaveLength(1);
    expect(JSON.stringify(documents)).not.toMatch(ANY_UUID_V7);
    expect(pulled.map((o) => o.id)).toContain(documents[0].targetId);

    // Neither order follows the walk: a page of the pull and the feed come in public id order.
    const pulledIds = pulled.map((o) => o.id);
    expect(pulledIds).toEqual([...pulledIds].sort());
    const feedIds = feed.features.map((f: { id: string }) => f.id);
    expect(feedIds).toEqual([...feedIds].sort());
    const byLon = (list: readonly Observation[]) => list.filter((o) => o.kind !== 'drone').map((o) => o.position.lon);
    expect(byLon(pulled)).not.toEqual([...byLon(pulled)].sort());

    // The same device keeps its public id through an edit and a restart.
    const idAt = (list: readonly Observation[], lon: number) => list.find((o) => o.position.lon === lon)!.id;
    const editedId = idAt(pulled, stops[3]!.position.lon);
    await s.server.app.close();
    s = await startServer({ dataDir, ...(s.databaseUrl ? { databaseUrl: s.databaseUrl } : {}) });
    const again = await pullAll(s.url, reader);
    expect(idAt(again, stops[3]!.position.lon)).toBe(editedId);
    expect(new Set(again.map((o) => o.id))).toEqual(new Set(pulled.map((o) => o.id)));
    // The author still gets their own ids.
    const own = await pullAll(s.url, author);
    expect(own.map((o) => o.id).sort()).toEqual([...stops, event].map((o) => o.id).sort());

    // The shared map on a phone, and every export of it: on the reader's phone, and on the
    // author's, whose own observations (pulled whole) stay out of the shared map's export.
    for (const [label, pulledByDevice, ownObservations] of [
      ['reader', again, []],
      ['author', own, [...stops, event]],
    ] as const) {
      const phone = await openDeviceDb(`public-scan-${label}`);
      for (const o of ownObservations) await saveObservation(phone, o);
      await applyPulledPage(phone, { observations: pulledByDevice, next: null });
      const others = (await listOthersShared(phone)).filter((o) => o.kind !== 'drone');
      phone.close();
      expect(others, label).toHaveLength(label === 'reader' ? 11 : 0);
      expectNoTime(`${label}'s shared map`, others);
      // An export of the shared map, as the text export writes it.
      const { observations, options } = withSharedMap([], others, {});
      for (const [format, { encode }] of Object.entries(EXPORT_FORMATS)) {
        expectNoTime(`${label}'s ${format} export of the shared map`, [...encode(observations, options)].join(''));
      }
    }
    await s.close();
  });
});

// SQLite's own migration (PostgreSQL starts at the latest schema).
describe.skipIf(TEST_STORE === 'postgres')('the server migration to public ids', () => {
  it('gives every stored observation its public id, in its public form too, and tells devices', async () => {
    const dataDir = tempDir('public-migrate');
    dirs.push(dataDir);
    // A database as v3 left it: published devices (and a document) known by their authors' ids.
    const stops = walk(3);
    const old = new Database(path.join(dataDir, DB_FILE));
    migrate(old, 3);
    old.prepare("INSERT INTO devices (id, token_hash, created_day) VALUES (1, x'00', '2026-11-28')").run();
    const insert = old.prepare(
      `INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day, state, was_public, public_id,
       lon, lat, published_day, first_seen, last_confirmed, confirmations)
       VALUES (?, ?, 1, ?, 0, 1, ?, ?, '2026-11-28', 'published', 1, ?, ?, ?, '2026-11-29', '2026-11-28', '2026-11-28', 1)`,
    );
    stops.forEach((o, i) =>
      insert.run(i + 1, o.id, o.kind, JSON.stringify(o), JSON.stringify(publicObservation(o, o.id)), o.id, o.position.lon, o.position.lat),
    );
    old
      .prepare("INSERT INTO documents (target, target_id, title, url, kind, day, moderator, added_day) VALUES ('device', ?, 'Permit', 'https://example.org/p', 'contract', '2026-11-01', 'Mod', '2026-11-28')")
      .run(stops[0]!.id);
    old.close();

    const s = await startServer({ dataDir });
    const reader = await registerDevice(s.url);
    // A device that had pulled everything before gets every device again, under its public id.
    const page = (await pull(s.url, reader, '3')).body;
    expect(page.changes).toHaveLength(3);
    const pulled = await pullAll(s.url, reader);
    expect(pulled.map((o) => o.position.lon).sort()).toEqual(stops.map((o) => o.position.lon).sort());
    expectNoTime('migrated pull', pulled);
    const feed = (await call(`${s.url}/api/v1/observations.geojson`)).body;
    expect(feed.features).toHaveLength(3);
    expectNoTime('migrated feed', feed);
    expect(new Set(feed.features.map((f: { id: string }) => f.id))).toEqual(new Set(pulled.map((o) => o.id)));
    const documents = (await call(`${s.url}/api/v1/documents`)).body.documents;
    expect(pulled.map((o) => o.id)).toContain(documents[0].targetId);
    await s.server.app.close();

    const db = openDb(dataDir);
    const rows = db.prepare('SELECT id, public_id FROM observations ORDER BY id').all() as { id: string; public_id: string }[];
    const key = db.prepare("SELECT value FROM server_keys WHERE name = 'public_id'").pluck().get() as Buffer;
    db.close();
    expect(rows.map((r) => r.public_id)).toEqual(rows.map((r) => publicIdMaker(key)(r.id)));
    expect(new Set(rows.map((r) => r.public_id))).toEqual(new Set(pulled.map((o) => o.id)));
  });
});
