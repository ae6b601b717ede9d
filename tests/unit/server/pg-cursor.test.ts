/**
 * The pull cursor on PostgreSQL with writers in parallel (pg-storage.ts): two nodes (two pools on one
 * database) write at once, neither waits for the other, and a change that one of them commits after
 * the other's later change still reaches a device that pulled in between. Also the schema's
 * migration from v1 (seqs numbered under a lock) to the sequence. Skips with a message where
 * PostgreSQL 15 + PostGIS are not installed.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePg, PG_SCHEMA_VERSION } from '../../../src/server/pg-schema.ts';
import { PgStorage } from '../../../src/server/pg-storage.ts';
import { prepareChanges } from '../../../src/server/prepared-change.ts';
import type { ItemResult } from '../../../src/core/wire.ts';
import { asCreate, camera } from './server-harness.ts';
import { freshDatabase, postgresMissing } from './pg-cluster.ts';

if (postgresMissing) console.warn(`pg-cursor.test.ts skipped: ${postgresMissing}`);

const opened: PgStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

interface Page {
  changes: { id: string }[];
  next: string;
  more: boolean;
}

async function pullAll(node: PgStorage, device: number, since: string): Promise<{ ids: string[]; next: string }> {
  const ids: string[] = [];
  let next = since;
  for (;;) {
    const page = JSON.parse((await node.pullPage(device, Number(next), 500, 365)).toString()) as Page;
    ids.push(...page.changes.map((c) => c.id));
    next = page.next;
    if (!page.more) return { ids, next };
  }
}

describe.skipIf(postgresMissing !== null)('the pull cursor with writers on two nodes', () => {
  it('lets a second node write while a batch is open, and brings the batch committed last to a device that pulled in between', async () => {
    const url = await freshDatabase();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding = false;
    let entered!: () => void;
    const inCommit = new Promise<void>((r) => (entered = r));
    const slow = await PgStorage.open(url, {
      beforeCommit: async () => {
        if (!holding) return;
        entered();
        await held;
      },
    });
    const fast = await PgStorage.open(url);
    opened.push(slow, fast);
    const { id: device } = await fast.registerDevice();

    const first = camera(1);
    const early = await fast.applyBatch(device, [prepareChanges([asCreate(first)], fast.publicIdOf())]);
    expect(early[0]!.status).toBe('created');
    const before = await pullAll(fast, device, '0');
    expect(before.ids).toEqual([first.id]);

    // Node "slow" numbers its row, then waits before its commit.
    holding = true;
    const late = camera(2);
    const lateBatch = slow.applyBatch(device, [prepareChanges([asCreate(late)], slow.publicIdOf())]);
    await inCommit;
    holding = false;

    // Node "fast" is not held up by it: its later row commits first.
    const quick = camera(3);
    const quickResult: ItemResult[] = await fast.applyBatch(device, [prepareChanges([asCreate(quick)], fast.publicIdOf())]);
    expect(quickResult[0]!.status).toBe('created');

    // The device pulls now, from either node: what it gets never moves its cursor past the open batch.
    const during = await pullAll(slow, device, before.next);
    expect(during.ids).not.toContain(late.id);

    release();
    expect((await lateBatch)[0]!.status).toBe('created');
    const after = await pullAll(fast, device, during.next);
    const got = [...during.ids, ...after.ids];
    expect(got.sort()).toEqual([late.id, quick.id].sort());
    // Caught up: nothing more, and the cursor stays put.
    const again = await pullAll(fast, device, after.next);
    expect(again).toEqual({ ids: [], next: after.next });
  });

  it('holds the cursor of a pull under the oldest open writer only, not under the ones that finished', async () => {
    const url = await freshDatabase();
    const node = await PgStorage.open(url);
    opened.push(node);
    const { id: device } = await node.registerDevice();
    const ids: string[] = [];
    for (let b = 0; b < 3; b++) {
      const batch = Array.from({ length: 4 }, (_, i) => camera(b * 4 + i));
      await node.applyBatch(device, [prepareChanges(batch.map(asCreate), node.publicIdOf())]);
      ids.push(...batch.map((o) => o.id));
    }
    const all = await pullAll(node, device, '0');
    expect(all.ids.sort()).toEqual(ids.sort());
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const top = Number((await client.query('SELECT max(seq) AS top FROM observations')).rows[0].top);
      expect(Number(all.next)).toBe(top);
    } finally {
      await client.end();
    }
  });
});

describe.skipIf(postgresMissing !== null)('the PostgreSQL schema', () => {
  it('migrates v1 → latest: rows keep their seqs, and new ones are numbered after them', async () => {
    const url = await freshDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migratePg(client, 1);
      await client.query("INSERT INTO devices (token_hash, created_day) VALUES ('\\x00', '2026-01-01')");
      await client.query(
        `INSERT INTO observations (id, seq, version, kind, device_id, body, public_body, received_day, public_id, lon, lat)
         VALUES ('a', 41, 1, 'camera', 1, '{}', '', '2026-01-01', 'pa', 4.35, 50.85)`,
      );
      await migratePg(client);
      expect((await client.query('SELECT version FROM schema_version')).rows[0].version).toBe(PG_SCHEMA_VERSION);
      await client.query(
        `INSERT INTO observations (id, version, kind, device_id, body, public_body, received_day, public_id, lon, lat)
         VALUES ('b', 1, 'camera', 1, '{}', '', '2026-01-01', 'pb', 4.35, 50.85)`,
      );
      const rows = (await client.query<{ id: string; seq: string }>('SELECT id, seq FROM observations ORDER BY seq')).rows;
      expect(rows.map((r) => [r.id, Number(r.seq)])).toEqual([
        ['a', 41],
        ['b', 42],
      ]);
    } finally {
      await client.end();
    }
  });

  for (let from = 1; from < PG_SCHEMA_VERSION; from++) {
    it(`migrates v${from} → latest: a stored single bearing becomes a list of one, in the version and in the public form`, async () => {
      const url = await freshDatabase();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await migratePg(client, from);
        await client.query("INSERT INTO devices (token_hash, created_day) VALUES ('\\x00', '2026-01-01')");
        const withDirection = camera(1);
        const released = { ...withDirection, details: { ...withDirection.details, direction: 1 } };
        const without = { ...camera(2), details: { cameraType: 'dome' } };
        const insert = `INSERT INTO observations (id, seq, version, kind, device_id, body, public_body, received_day, public_id, lon, lat)
          VALUES ($1, $2, 1, 'camera', 1, $3, $4, '2026-01-01', $5, 4.35, 50.85)`;
        await client.query(insert, [released.id, 1, JSON.stringify(released), JSON.stringify(released), 'p1']);
        await client.query(insert, [without.id, 2, JSON.stringify(without), '', 'p2']);
        await migratePg(client);
        const rows = (await client.query<{ id: string; body: string; public_body: string }>('SELECT id, body, public_body FROM observations')).rows;
        const row = (id: string) => rows.find((r) => r.id === id)!;
        expect(JSON.parse(row(released.id).body)).toEqual(withDirection);
        expect(JSON.parse(row(released.id).public_body).details.direction).toEqual([{ bearing: 1 }]);
        expect(JSON.parse(row(without.id).body)).toEqual(without);
        expect(row(without.id).public_body).toBe('');
      } finally {
        await client.end();
      }
    });
  }
});
