/**
 * The shared `Storage` (storage.ts): PostgreSQL 15 with PostGIS (`DATABASE_URL=postgres://…`), for
 * several stateless API nodes. Same rules and answers as the SQLite store (observation-store.ts,
 * moderation-store.ts, document-store.ts), whose shared pieces it calls (judgeChange, pageBytes,
 * publicationOf, publicObservation).
 *
 * The pull cursor is commit-order safe while writers on every node run in parallel. Rows are
 * numbered from the sequence `observations_seq`; a transaction that numbers rows (a batch,
 * decisions, confirmations, a block) first publishes its floor, the sequence's value before it
 * draws any, as a shared transaction-level advisory lock (`FLOOR_MARK + floor`, visible to every
 * session in pg_locks at once and gone at its commit, rollback or death). A pull reads the sequence
 * only up to the oldest floor still held: a seq at or under that bound can no longer be drawn by a
 * transaction still running, so a device that pulled up to it never misses a row committed later.
 * Rows under one id are serialised by row locks (`FOR UPDATE`), so two nodes never judge the same
 * observation at once.
 *
 * A batch costs a few statements whatever its size: one multi-row INSERT of the new ids (unnest of
 * arrays), one locked read of the ids it already holds, one multi-row UPDATE of those that apply.
 *
 * Duplicate candidates use the PostGIS GiST index (`ST_DWithin` on geography, a little wider than
 * the radius) and are then measured with core's distanceMetres, so both stores give the same list.
 * A database lost while running: 503 `unavailable` with Retry-After (errors.ts); a batch is one
 * transaction, so a node killed mid-batch leaves all of it or none of it.
 */
import { createHmac } from 'node:crypto';
import pg from 'pg';
import type { DocumentInput, PublicDocument } from '../core/documents.ts';
import type { Observation } from '../core/observation.ts';
import { LIMITS } from '../core/observation.ts';
import { canBeRechecked, type PublicationState } from '../core/publication.ts';
import { brusselsDay } from '../core/public-time.ts';
import type { Confirmation, ConfirmationResult, Decision, DecisionResult, ItemResult } from '../core/wire.ts';
import { today } from './db.ts';
import { ApiError, unavailable } from './errors.ts';
import { CANDIDATE_RADIUS, GONE_REPORTS_TO_REMOVE, IN_QUEUE, ROW, SUPERSEDED_ROW, measureCandidates, queueItem, supersedeDay, supersededOf, supersedesOf, type AuditRow, type NearRow, type ModerationRow as Row, type Candidate, type GoneReport, type QueueAnswer, type QueueItem } from './moderation-store.ts';
import { CURRENT_ROW, judgeChange, pageRow, pageBody, type BatchOptions, type BatchSlices, type CurrentRow, type PageColumns } from './observation-store.ts';
import { isPrepared, type PreparedChange, type PreparedItem } from './prepared-change.ts';
import { migratePg } from './pg-schema.ts';
import { publicIdMaker, type PublicIdOf } from './public-id.ts';
import { publicFeature, publicObservation } from './public-observation.ts';
import { PUBLIC_ROW, publicationOf, type PublicationRow } from './publication-row.ts';
import { withoutPassword } from './rate-limits.ts';
import type { PhotoReader, PhotoRow, Storage, StorageStats } from './storage.ts';
import { hashToken, newToken, validModeratorName } from './tokens.ts';

/** Added to a writer's floor to make its advisory lock key: keys at or above 2^62 are floors (the
 * migration lock and any other advisory lock stay far below). */
const FLOOR_MARK = 2n ** 62n;
/** The sequence's last value handed out (or the one before the first). */
const SEQ_TOP = 'SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM observations_seq';
/** Publishes this transaction's floor before it draws a seq. */
const TAKE_FLOOR = `SELECT pg_advisory_xact_lock_shared($1::bigint + (${SEQ_TOP}))`;
/** The highest seq a pull may pass: the sequence's top, or under the oldest floor still held in this database. */
const PULL_BOUND = `SELECT least((${SEQ_TOP}), (SELECT min(((classid::bigint << 32) | objid::bigint) - $1::bigint) FROM pg_locks
  WHERE locktype = 'advisory' AND objsubid = 1 AND classid >= ($1::bigint >> 32)
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())))`;

type Q = pg.ClientBase;

/** bigint and numeric counts as JS numbers (all ours stay far below 2^53). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

/** Errors that mean "no database for now" (connection refused or lost, server shutting down). */
function isUnreachable(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  const message = (err as Error).message ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03'].includes(code) ||
    code.startsWith('08') ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message)
  );
}

export class PgStorage implements Storage {
  readonly engine = 'postgres';
  private appliedSinceStart = 0;
  private readonly publicId: PublicIdOf;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly key: Buffer,
    private readonly pseudonymKey: Buffer,
    private readonly batch: BatchOptions,
  ) {
    this.publicId = publicIdMaker(key);
  }

  /**
   * Connects to `url`, creates or migrates the schema, reads the server's keys. Throws an Error
   * with a clear message when the database cannot be reached.
   */
  static async open(url: string, batch: BatchOptions = {}): Promise<PgStorage> {
    const pool = new pg.Pool({ connectionString: url, types, connectionTimeoutMillis: 5000, max: 10 });
    pool.on('error', () => {
      // An idle connection lost: the next query reports it (503) and the pool reconnects.
    });
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new Error(`DATABASE_URL: cannot reach PostgreSQL at ${withoutPassword(url)} (${(err as Error).message})`, { cause: err });
    }
    try {
      await migratePg(client);
      const keys = await client.query<{ name: string; value: Buffer }>('SELECT name, value FROM server_keys');
      const key = (name: string) => keys.rows.find((r) => r.name === name)!.value;
      client.release();
      return new PgStorage(pool, key('public_id'), key('pseudonym'), batch);
    } catch (err) {
      client.release();
      await pool.end();
      throw err;
    }
  }

  /** Runs `fn` on a pooled connection; a lost database becomes 503. */
  private async run<T>(fn: (q: Q) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw isUnreachable(err) ? unavailable('the database') : err;
    }
    let broken = false;
    // A connection that dies between two queries reports it here rather than as an unhandled error.
    const lost = () => (broken = true);
    client.on('error', lost);
    try {
      return await fn(client);
    } catch (err) {
      broken ||= isUnreachable(err);
      throw broken ? unavailable('the database') : err;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  /** One transaction that numbers rows, its floor published first (the cursor's commit order). */
  private write<T>(fn: (q: Q) => Promise<T>): Promise<T> {
    return this.run(async (q) => {
      await q.query('BEGIN');
      try {
        await q.query(TAKE_FLOOR, [FLOOR_MARK]);
        const out = await fn(q);
        await this.batch.beforeCommit?.();
        await q.query('COMMIT');
        return out;
      } catch (err) {
        await q.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  private async one<T extends pg.QueryResultRow>(q: Q, sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await q.query<T>(sql, params)).rows[0];
  }

  private async value<T>(q: Q, sql: string, params: unknown[] = []): Promise<T> {
    const row = (await q.query({ text: sql, values: params, rowMode: 'array' })).rows[0] as unknown[] | undefined;
    return row?.[0] as T;
  }

  // Devices and moderators

  async registerDevice() {
    const token = newToken();
    const id = await this.run((q) => this.value<number>(q, 'INSERT INTO devices (token_hash, created_day) VALUES ($1, $2) RETURNING id', [hashToken(token), today()]));
    return { id, token };
  }

  async deviceForToken(token: string) {
    const row = await this.run((q) => this.one<{ id: number; blocked_day: string | null }>(q, 'SELECT id, blocked_day FROM devices WHERE token_hash = $1', [hashToken(token)]));
    return row ? { id: row.id, blocked: row.blocked_day !== null } : null;
  }

  async addModerator(name: string) {
    const clean = validModeratorName(name);
    const token = newToken();
    await this.run((q) => q.query('INSERT INTO moderators (name, token_hash, created_day) VALUES ($1, $2, $3)', [clean, hashToken(token), today()]));
    return token;
  }

  async moderatorForToken(token: string) {
    const row = await this.run((q) => this.one<{ name: string }>(q, 'SELECT name FROM moderators WHERE token_hash = $1', [hashToken(token)]));
    return row?.name ?? null;
  }

  // Observations

  async applyBatch(deviceId: number, slices: BatchSlices): Promise<ItemResult[]> {
    // The whole batch read before its transaction opens: a batch is a few statements, not one per slice.
    const items: PreparedItem[] = [];
    for await (const slice of slices) items.push(...slice);
    const results: (ItemResult | undefined)[] = items.map((v) => (isPrepared(v) ? undefined : v));
    // Rounds of distinct ids: an id sent twice in one batch is judged again after its first change.
    const rounds: { index: number; change: PreparedChange }[][] = [];
    const seen = new Map<string, number>();
    items.forEach((v, index) => {
      if (!isPrepared(v)) return;
      const round = seen.get(v.id) ?? 0;
      seen.set(v.id, round + 1);
      (rounds[round] ??= []).push({ index, change: v });
    });
    const day = today();
    await this.write(async (q) => {
      for (const round of rounds) {
        const answers = await this.applyRound(q, deviceId, round.map((r) => r.change), day);
        round.forEach((r, i) => (results[r.index] = answers[i]));
        this.appliedSinceStart += round.length;
        if (this.batch.killAfterItems !== undefined && this.appliedSinceStart >= this.batch.killAfterItems) {
          process.kill(process.pid, 'SIGKILL');
        }
      }
    });
    return results as ItemResult[];
  }

  /** Changes to distinct ids, in a few statements: new ids inserted together, the others read
   * under row locks, judged, and those that apply updated together. One answer per change, in order. */
  private async applyRound(q: Q, deviceId: number, changes: readonly PreparedChange[], day: string): Promise<ItemResult[]> {
    const column = <T>(f: (c: PreparedChange) => T) => changes.map(f);
    const ids = column((c) => c.id);
    // In id order, so that two batches touching the same ids lock them in the same order.
    const inserted = await q.query<{ id: string }>(
      `INSERT INTO observations (seq, queue_order, id, version, kind, deleted, device_id, body, public_body, received_day, lon, lat, public_id)
       SELECT s, s, id, version, kind, deleted, $1, body, '', $2, lon, lat, public_id FROM (
         SELECT nextval('observations_seq') AS s, u.* FROM (
           SELECT * FROM unnest($3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::float8[], $9::float8[], $10::text[])
           AS u(id, version, kind, deleted, body, lon, lat, public_id) ORDER BY id
         ) u
       ) n ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        deviceId,
        day,
        ids,
        column((c) => c.version),
        column((c) => c.kind),
        column((c) => c.deleted),
        column((c) => c.body),
        column((c) => c.lon),
        column((c) => c.lat),
        column((c) => c.publicId),
      ],
    );
    const created = new Set(inserted.rows.map((r) => r.id));
    const held = ids.filter((id) => !created.has(id));
    const current = new Map<string, CurrentRow>();
    if (held.length) {
      const rows = await q.query<CurrentRow & { id: string }>(`SELECT o.id, ${CURRENT_ROW} FROM observations o WHERE o.id = ANY($1::text[]) ORDER BY o.id FOR UPDATE OF o`, [held]);
      for (const r of rows.rows) current.set(r.id, r);
    }
    const apply: PreparedChange[] = [];
    const answers = changes.map((c): ItemResult => {
      const { id, version } = c;
      if (created.has(id)) return { id, status: 'created', version };
      const judged = judgeChange(deviceId, c, current.get(id)!);
      if (judged !== 'apply') return judged;
      apply.push(c);
      return { id, status: 'updated', version };
    });
    if (apply.length) {
      const applied = <T>(f: (c: PreparedChange) => T) => apply.map(f);
      // An edit of a decided observation waits in the queue (edited = 1); the public keeps what was checked.
      await q.query(
        `UPDATE observations o SET seq = u.s, version = u.version, kind = u.kind, deleted = u.deleted, body = u.body, received_day = $1,
         lon = u.lon, lat = u.lat, edited = (CASE WHEN o.state != 'pending' THEN 1 ELSE 0 END),
         queue_order = CASE WHEN o.state = 'pending' THEN o.queue_order ELSE u.s END
         FROM (SELECT nextval('observations_seq') AS s, * FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::float8[], $8::float8[])
           AS u(id, version, kind, deleted, body, lon, lat)) u
         WHERE o.id = u.id`,
        [
          day,
          applied((c) => c.id),
          applied((c) => c.version),
          applied((c) => c.kind),
          applied((c) => c.deleted),
          applied((c) => c.body),
          applied((c) => c.lon),
          applied((c) => c.lat),
        ],
      );
      // A device its author deleted leaves the public set, and its photos with it.
      const deleted = apply.filter((c) => c.deleted).map((c) => c.id);
      if (deleted.length) await q.query('DELETE FROM public_photos WHERE observation_id = ANY($1::text[])', [deleted]);
    }
    return answers;
  }

  async pullPage(deviceId: number, since: number, limit: number, recheckDays: number): Promise<Buffer> {
    return this.run(async (q) => {
      // The bound first, then the page in a later snapshot: every row at or under the bound is
      // committed by then (or never will be), so `next` never passes a row the page did not see.
      const bound = await this.value<number>(q, PULL_BOUND, [FLOOR_MARK]);
      const rows = (
        (
          await q.query({
            name: 'pull-page',
            text: `SELECT seq, (device_id = $1)::int AS own, id, ${PUBLIC_ROW},
             CASE WHEN device_id = $1 THEN body WHEN deleted = 0 AND state IN ('published', 'removed') THEN public_body END AS text
             FROM observations o WHERE seq > $2 AND seq <= $4 AND (device_id = $1 OR was_public = 1) ORDER BY seq LIMIT $3`,
            values: [deviceId, since, limit + 1, bound],
            rowMode: 'array',
          })
        ).rows as PageColumns[]
      ).map(pageRow);
      const more = rows.length > limit;
      if (more) rows.pop();
      const next = more ? rows[rows.length - 1]!.seq : Math.max(since, bound);
      return pageBody(rows, next, more, recheckDays);
    });
  }

  async *published(chunk = 1000): AsyncGenerator<object[]> {
    let since = '';
    for (;;) {
      const rows = await this.run(
        async (q) =>
          (
            await q.query<PublicationRow & { public_body: string }>(
              `SELECT public_body, ${PUBLIC_ROW} FROM observations o
               WHERE public_id > $1 AND deleted = 0 AND state IN ('published', 'removed') ORDER BY public_id LIMIT $2`,
              [since, chunk],
            )
          ).rows,
      );
      if (!rows.length) return;
      since = rows[rows.length - 1]!.public_id;
      yield rows.map((r) => publicFeature(JSON.parse(r.public_body) as Observation, publicationOf(r, r.public_id, false)));
    }
  }

  async changeMark() {
    // Every change that can touch the public set numbers a row: the top seq (and how many rows) marks it.
    return this.run(async (q) => {
      const r = (await this.one<{ top: number; n: number }>(q, 'SELECT coalesce(max(seq), 0) AS top, count(*) AS n FROM observations'))!;
      return `${r.top}:${r.n}`;
    });
  }

  publicIdOf() {
    return this.publicId;
  }

  publicIdKey() {
    return this.key;
  }

  // Moderation (the rules of moderation-store.ts, in PostgreSQL)

  private pseudonym(deviceId: number): string {
    return `device-${createHmac('sha256', this.pseudonymKey).update(String(deviceId)).digest('hex').slice(0, 8)}`;
  }

  private async find(q: Q, id: string): Promise<Row> {
    // Locked: a decision on another node waits, then finds this one's outcome.
    const row = await this.one<Row>(q, `SELECT ${ROW} FROM observations WHERE id = $1 OR public_id = $1 FOR UPDATE`, [id]);
    if (!row) throw new ApiError(404, 'not_found', `no observation ${id}`);
    return row;
  }

  private async moveToEnd(q: Q, id: string): Promise<void> {
    await q.query("UPDATE observations SET seq = nextval('observations_seq') WHERE id = $1", [id]);
  }

  private async audit(q: Q, observationId: string, moderator: string | null, decision: string, detail: string | null, day: string): Promise<void> {
    await q.query('INSERT INTO decisions (observation_id, moderator, decision, detail, day) VALUES ($1, $2, $3, $4, $5)', [observationId, moderator, decision, detail, day]);
  }

  private async decided(q: Q, row: Row): Promise<DecisionResult> {
    const last = await this.one<{ moderator: string | null; day: string }>(q, 'SELECT moderator, day FROM decisions WHERE observation_id = $1 ORDER BY id DESC LIMIT 1', [row.id]);
    return { id: row.id, status: 'decided', state: row.state, by: last?.moderator ?? 'walkers', on: last?.day ?? row.received_day };
  }

  private async sight(q: Q, observationId: string, deviceId: number, day: string): Promise<void> {
    await q.query(
      `INSERT INTO sightings (observation_id, device_id, first_day, day) VALUES ($1, $2, $3, $3)
       ON CONFLICT (observation_id, device_id) DO UPDATE SET first_day = least(sightings.first_day, excluded.first_day), day = greatest(sightings.day, excluded.day)`,
      [observationId, deviceId, day],
    );
  }

  private async recount(q: Q, observationId: string): Promise<void> {
    await q.query(
      `UPDATE observations SET (first_seen, last_confirmed, confirmations) =
       (SELECT min(first_day), max(day), count(*) FROM sightings WHERE observation_id = $1) WHERE id = $1`,
      [observationId],
    );
  }

  private async writePublicForm(q: Q, row: Row): Promise<void> {
    const obs = JSON.parse(row.body) as Observation;
    const merged = (await q.query<{ body: string }>("SELECT body FROM observations WHERE survivor_id = $1 AND state = 'merged' ORDER BY seq", [row.id])).rows;
    const photos = [...new Set([...obs.photos, ...merged.flatMap((m) => (JSON.parse(m.body) as Observation).photos)])];
    const hidden = (await q.query<{ hash: string }>('SELECT hash FROM private_photos WHERE observation_id = $1', [row.id])).rows.map((r) => r.hash);
    const visible = photos.filter((h) => !hidden.includes(h)).slice(0, LIMITS.photos);
    const form = publicObservation({ ...obs, photos: visible }, row.public_id);
    await q.query('UPDATE observations SET public_body = $1 WHERE id = $2', [JSON.stringify(form), row.id]);
    await q.query('DELETE FROM public_photos WHERE observation_id = $1', [row.id]);
    for (const hash of visible) await q.query('INSERT INTO public_photos VALUES ($1, $2) ON CONFLICT DO NOTHING', [hash, row.id]);
  }

  private async stateOf(q: Q, id: string): Promise<PublicationState> {
    return this.value<PublicationState>(q, 'SELECT state FROM observations WHERE id = $1', [id]);
  }

  async decide(moderator: string, decisions: readonly Decision[], now = new Date()): Promise<DecisionResult[]> {
    const day = today(now);
    return this.write(async (q) => {
      const out: DecisionResult[] = [];
      for (const d of decisions) out.push(await this.applyDecision(q, moderator, d, day));
      return out;
    });
  }

  private async applyDecision(q: Q, moderator: string, d: Decision, day: string): Promise<DecisionResult> {
    const row = await this.find(q, d.id);
    const open = row.state === 'pending' || row.edited === 1;
    switch (d.decision) {
      case 'publish': {
        if (row.deleted) throw new ApiError(422, 'invalid_decision', `${d.id}: its author deleted it; it cannot be published`);
        if (!open) return this.decided(q, row);
        await q.query('DELETE FROM private_photos WHERE observation_id = $1', [row.id]);
        for (const hash of d.privatePhotos ?? []) {
          await q.query('INSERT INTO private_photos VALUES ($1, $2) ON CONFLICT DO NOTHING', [row.id, hash]);
        }
        await q.query(
          `UPDATE observations SET state = 'published', edited = 0, was_public = 1, published_day = coalesce(published_day, $1),
           description = coalesce($2, description) WHERE id = $3`,
          [day, d.description || null, row.id],
        );
        await this.writePublicForm(q, row);
        await this.sight(q, row.id, row.device_id, brusselsDay((JSON.parse(row.body) as Observation).observedAt));
        await this.recount(q, row.id);
        await this.audit(q, row.id, moderator, 'publish', null, day);
        await this.supersede(q, moderator, row, day);
        break;
      }
      case 'reject': {
        if (!open) return this.decided(q, row);
        if (row.state === 'pending') {
          await q.query("UPDATE observations SET state = 'rejected', reason = $1, reason_text = $2 WHERE id = $3", [d.reason, d.text || null, row.id]);
        } else {
          await q.query('UPDATE observations SET edited = 0 WHERE id = $1', [row.id]);
        }
        await this.audit(q, row.id, moderator, row.state === 'pending' ? 'reject' : 'reject edit', d.reason, day);
        break;
      }
      case 'merge': {
        const into = await this.find(q, d.into);
        if (into.id === row.id) throw new ApiError(422, 'invalid_decision', `${d.id}: cannot merge an observation into itself`);
        if (into.state !== 'published' || into.deleted) {
          throw new ApiError(422, 'invalid_decision', `${d.into}: only a published device can take a merge (it is ${into.deleted ? 'deleted' : into.state})`);
        }
        if (into.edited) throw new ApiError(409, 'invalid_decision', `${d.into}: its author's edit waits in the queue; decide it first`);
        if (row.state !== 'pending' && row.state !== 'published') return this.decided(q, row);
        await q.query("UPDATE observations SET state = 'merged', edited = 0, survivor_id = $1 WHERE id = $2", [into.id, row.id]);
        await q.query('DELETE FROM public_photos WHERE observation_id = $1', [row.id]);
        await this.sight(q, into.id, row.device_id, brusselsDay((JSON.parse(row.body) as Observation).observedAt));
        await q.query(
          `INSERT INTO sightings SELECT $1::text, device_id, first_day, day FROM sightings WHERE observation_id = $2
           ON CONFLICT (observation_id, device_id) DO UPDATE SET first_day = least(sightings.first_day, excluded.first_day), day = greatest(sightings.day, excluded.day)`,
          [into.id, row.id],
        );
        await q.query('UPDATE observations SET survivor_id = $1 WHERE survivor_id = $2', [into.id, row.id]);
        await this.writePublicForm(q, into);
        await this.recount(q, into.id);
        await this.moveToEnd(q, into.id);
        await this.audit(q, row.id, moderator, 'merge', into.id, day);
        break;
      }
      case 'remove': {
        if (!canBeRechecked(row.kind as Observation['kind'])) {
          throw new ApiError(422, 'invalid_decision', `${d.id}: ${row.kind} is an event; events are never marked removed`);
        }
        if (row.state === 'removed') return this.decided(q, row);
        if (row.state !== 'published') throw new ApiError(422, 'invalid_decision', `${d.id}: only a published device can be marked removed (it is ${row.state})`);
        const on = d.on && d.on <= day ? d.on : day;
        await q.query("UPDATE observations SET state = 'removed', removed_day = $1 WHERE id = $2", [on, row.id]);
        await this.audit(q, row.id, moderator, 'remove', on, day);
        break;
      }
    }
    await this.moveToEnd(q, row.id);
    return { id: row.id, status: 'applied', state: await this.stateOf(q, row.id) };
  }

  private async supersede(q: Q, moderator: string, row: Row, day: string): Promise<void> {
    const target = supersedesOf(row.body);
    if (!target) return;
    const old = await this.one<Row>(q, `SELECT ${ROW} FROM observations WHERE id = $1 OR public_id = $1 FOR UPDATE`, [target]);
    const on = supersedeDay(row, old, day);
    if (!old || !on) return;
    await q.query("UPDATE observations SET state = 'removed', removed_day = $1 WHERE id = $2", [on, old.id]);
    await this.audit(q, old.id, moderator, 'remove', `${on}, changed: ${row.public_id}`, day);
    await this.moveToEnd(q, old.id);
  }

  private async superseded(q: Q, row: Row): Promise<Pick<QueueItem, 'supersedes'>> {
    const target = supersedesOf(row.body);
    if (!target) return {};
    const old = await this.one<NearRow & { state: PublicationState }>(q, `SELECT ${SUPERSEDED_ROW} FROM observations WHERE id = $1 OR public_id = $1`, [target]);
    const supersedes = supersededOf(row, old);
    return supersedes ? { supersedes } : {};
  }

  async block(moderator: string, id: string, now = new Date()) {
    const day = today(now);
    return this.write(async (q) => {
      const row = await this.find(q, id);
      await q.query('UPDATE devices SET blocked_day = coalesce(blocked_day, $1) WHERE id = $2', [day, row.device_id]);
      const pending = (await q.query<{ id: string }>("SELECT id FROM observations WHERE device_id = $1 AND state = 'pending' ORDER BY seq", [row.device_id])).rows.map((r) => r.id);
      for (const pid of pending) {
        await q.query("UPDATE observations SET state = 'rejected', reason = 'spam' WHERE id = $1", [pid]);
        await this.moveToEnd(q, pid);
        await this.audit(q, pid, moderator, 'reject', 'spam', day);
      }
      await this.audit(q, row.id, moderator, 'block device', this.pseudonym(row.device_id), day);
      return { device: this.pseudonym(row.device_id), rejected: pending.length };
    });
  }

  async queue(limit: number, after: number): Promise<QueueAnswer> {
    return this.run(async (q) => {
      const rows = (
        await q.query<Row & { queue_order: number }>(
          `SELECT ${ROW}, queue_order FROM observations
           WHERE ${IN_QUEUE} AND queue_order > $1 ORDER BY queue_order LIMIT $2`,
          [after, limit + 1],
        )
      ).rows;
      const more = rows.length > limit;
      if (more) rows.pop();
      const total = await this.value<number>(q, `SELECT count(*) FROM observations WHERE ${IN_QUEUE}`);
      const items: QueueItem[] = [];
      for (const r of rows) items.push(queueItem(r, this.pseudonym(r.device_id), await this.candidates(q, r), await this.superseded(q, r)));
      return { items, next: rows.length ? rows[rows.length - 1]!.queue_order : after, more, total };
    });
  }

  /** Published devices within CANDIDATE_RADIUS, nearest first: found by the GiST index, measured as SQLite's store measures. */
  private async candidates(q: Q, row: Row): Promise<Candidate[]> {
    const near = await q.query<NearRow>(
      `SELECT id, public_id, kind, lon, lat, confirmations, last_confirmed, public_body FROM observations
       WHERE deleted = 0 AND state = 'published' AND id != $3
       AND ST_DWithin(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $4)`,
      [row.lon, row.lat, row.id, CANDIDATE_RADIUS + 1],
    );
    return measureCandidates(row, near.rows);
  }

  async goneReports(): Promise<GoneReport[]> {
    const rows = await this.run(
      async (q) =>
        (
          await q.query<{ id: string; public_id: string; body: string; reports: number; last: string }>(
            `SELECT o.id, o.public_id, o.body, count(*) AS reports, max(g.day) AS last FROM gone_reports g
             JOIN observations o ON o.id = g.observation_id WHERE o.state = 'published' AND o.deleted = 0
             GROUP BY o.id ORDER BY reports DESC, last`,
          )
        ).rows,
    );
    return rows.map((r) => ({ id: r.id, publicId: r.public_id, reports: r.reports, lastReport: r.last, observation: JSON.parse(r.body) as Observation }));
  }

  async auditLog(limit: number, before: number): Promise<AuditRow[]> {
    const rows = await this.run(
      async (q) =>
        (
          await q.query<{ id: number; observation_id: string; moderator: string | null; decision: string; detail: string | null; day: string }>(
            'SELECT id, observation_id, moderator, decision, detail, day FROM decisions WHERE id < $1 ORDER BY id DESC LIMIT $2',
            [before, limit],
          )
        ).rows,
    );
    return rows.map((r) => ({ id: r.id, observationId: r.observation_id, moderator: r.moderator, decision: r.decision, detail: r.detail, day: r.day }));
  }

  async confirm(deviceId: number, confirmations: readonly Confirmation[], now = new Date()): Promise<ConfirmationResult[]> {
    const todayHere = brusselsDay(now.toISOString());
    return this.write(async (q) => {
      const out: ConfirmationResult[] = [];
      for (const c of confirmations) {
        const row = await this.one<Row>(q, `SELECT ${ROW} FROM observations WHERE id = $1 OR public_id = $1 FOR UPDATE`, [c.id]);
        if (!row || row.deleted || row.state !== 'published' || !canBeRechecked(row.kind as Observation['kind'])) {
          out.push({ id: c.id, status: 'ignored', ...(row ? { state: row.state } : {}) });
          continue;
        }
        const on = c.on <= todayHere ? c.on : todayHere;
        if (c.answer === 'yes') {
          await this.sight(q, row.id, deviceId, on);
          await this.recount(q, row.id);
        } else {
          await q.query('INSERT INTO gone_reports VALUES ($1, $2, $3) ON CONFLICT (observation_id, device_id) DO UPDATE SET day = excluded.day', [row.id, deviceId, on]);
          const reports = await this.value<number>(q, 'SELECT count(*) FROM gone_reports WHERE observation_id = $1', [row.id]);
          if (reports >= GONE_REPORTS_TO_REMOVE) {
            await q.query("UPDATE observations SET state = 'removed', removed_day = $1 WHERE id = $2", [on, row.id]);
            await this.audit(q, row.id, null, 'remove', on, today(now));
          }
        }
        await this.moveToEnd(q, row.id);
        out.push({ id: c.id, status: 'counted', state: await this.stateOf(q, row.id) });
      }
      return out;
    });
  }

  // Documents

  async addDocument(doc: DocumentInput, moderator: string) {
    return this.run(async (q) => {
      // A device is kept under its public id, whichever id the moderator gave (the author's tells time).
      const known = doc.target === 'device' ? await this.value<string | undefined>(q, 'SELECT public_id FROM observations WHERE id = $1 OR public_id = $1', [doc.targetId]) : undefined;
      return this.value<number>(
        q,
        'INSERT INTO documents (target, target_id, title, url, kind, day, moderator, added_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
        [doc.target, known ?? doc.targetId, doc.title, doc.url, doc.kind, doc.date, moderator, today()],
      );
    });
  }

  async documents(target?: { target: PublicDocument['target']; targetId: string }): Promise<PublicDocument[]> {
    const rows = await this.run(
      async (q) =>
        (
          await q.query<{ id: number; target: PublicDocument['target']; target_id: string; title: string; url: string; kind: PublicDocument['kind']; day: string }>(
            `SELECT id, target, target_id, title, url, kind, day FROM documents ${target ? 'WHERE target = $1 AND target_id = $2' : ''} ORDER BY day DESC, id DESC`,
            target ? [target.target, target.targetId] : [],
          )
        ).rows,
    );
    return rows.map((r) => ({ id: r.id, target: r.target, targetId: r.target_id, title: r.title, url: r.url, kind: r.kind, date: r.day }));
  }

  // Photo metadata

  async photo(hash: string) {
    return this.run((q) => this.one<PhotoRow>(q, 'SELECT hash, size, type, stripped FROM photos WHERE hash = $1', [hash]));
  }

  async addPhoto(row: PhotoRow, deviceId: number | null) {
    await this.run((q) =>
      q.query('INSERT INTO photos (hash, size, type, stripped, received_day, device_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
        row.hash,
        row.size,
        row.type,
        row.stripped,
        today(),
        deviceId,
      ]),
    );
  }

  async mayReadPhoto(hash: string, reader: PhotoReader) {
    return this.run(async (q) => {
      if ((await q.query('SELECT 1 FROM public_photos WHERE hash = $1 LIMIT 1', [hash])).rowCount) return true;
      if (reader.moderator) return true;
      if (reader.deviceId === null) return false;
      return Boolean((await q.query('SELECT 1 FROM photos WHERE hash = $1 AND device_id = $2', [hash, reader.deviceId])).rowCount);
    });
  }

  async photoCount() {
    return this.run(async (q) => (await this.one<{ photos: number; bytes: number }>(q, 'SELECT count(*) AS photos, coalesce(sum(size), 0) AS bytes FROM photos'))!);
  }

  async stats(): Promise<StorageStats> {
    return this.run(async (q) => {
      const count = (sql: string) => this.value<number>(q, sql);
      const byKind = Object.fromEntries(
        (await q.query<{ kind: string; n: number }>('SELECT kind, count(*) AS n FROM observations WHERE deleted = 0 GROUP BY kind ORDER BY kind')).rows.map((r) => [r.kind, r.n]),
      );
      return {
        observations: await count('SELECT count(*) FROM observations'),
        pending: await count("SELECT count(*) FROM observations WHERE deleted = 0 AND state = 'pending'"),
        published: await count("SELECT count(*) FROM observations WHERE deleted = 0 AND state = 'published'"),
        tombstones: await count('SELECT count(*) FROM observations WHERE deleted = 1'),
        devices: await count('SELECT count(*) FROM devices'),
        moderators: await count('SELECT count(*) FROM moderators'),
        byKind,
      };
    });
  }

  async close() {
    await this.pool.end();
  }
}
