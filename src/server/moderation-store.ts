/**
 * The collective's decisions in SQLite (db.ts, v2): the moderation queue, publish / reject / merge /
 * remove, blocking a device, the audit log (moderator name, decision, day; never an address), and
 * the walkers' confirmations and "gone" reports. Every decision is one transaction: a refusal
 * (ApiError) rolls all of it back, so nothing changes on any refusal. A decision moves the row to
 * the end of the pull order, so every device learns it on its next pull.
 */
import { createHmac } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { boxAround, distanceMetres } from '../core/geometry.ts';
import type { Observation } from '../core/observation.ts';
import { LIMITS } from '../core/observation.ts';
import { canBeRechecked, type PublicationState } from '../core/publication.ts';
import type { Confirmation, ConfirmationResult, Decision, DecisionResult } from '../core/wire.ts';
import { brusselsDay } from '../core/public-time.ts';
import { today, type Db } from './db.ts';
import { ApiError } from './errors.ts';
import { publicObservation } from './public-observation.ts';

/** Published devices this close to a queued one are shown as duplicate candidates (metres). */
export const CANDIDATE_RADIUS = 30;
/** "Gone" reports from this many different devices mark a device removed. */
export const GONE_REPORTS_TO_REMOVE = 2;

/** An observation's row as moderation reads it (both stores). */
export interface ModerationRow {
  seq: number;
  id: string;
  public_id: string;
  kind: string;
  deleted: number;
  device_id: number;
  body: string;
  state: PublicationState;
  edited: number;
  lon: number;
  lat: number;
  received_day: string;
}

export interface QueueItem {
  id: string;
  publicId: string;
  state: PublicationState;
  /** true: an edit of an observation already decided (the public keeps the checked version). */
  edited: boolean;
  /** A stable pseudonym of the sending device (never its token). */
  device: string;
  receivedOn: string;
  observation: Observation;
  candidates: Candidate[];
  /** The device it says changed ("supersedes"), when the server knows it as a public device. */
  supersedes?: Candidate & { state: PublicationState };
}

export interface Candidate {
  id: string;
  publicId: string;
  kind: string;
  /** Metres from the queued observation. */
  distance: number;
  confirmations: number;
  lastConfirmed: string | null;
  observation: Observation;
}

export interface AuditRow {
  id: number;
  observationId: string;
  /** null: the walkers' reports decided (two "gone" from different devices). */
  moderator: string | null;
  decision: string;
  detail: string | null;
  day: string;
}

/** A published device walkers reported gone. */
export interface GoneReport {
  id: string;
  publicId: string;
  reports: number;
  lastReport: string;
  observation: Observation;
}

/** One page of the queue: `next` is the `after` of the following page. */
export interface QueueAnswer {
  items: QueueItem[];
  next: number;
  more: boolean;
  total: number;
}

export const ROW = 'seq, id, public_id, kind, deleted, device_id, body, state, edited, lon, lat, received_day';

/** A published device near a queued one, as the stores read it. */
export interface NearRow {
  id: string;
  public_id: string;
  kind: string;
  lon: number;
  lat: number;
  confirmations: number;
  last_confirmed: string | null;
  public_body: string;
}

/** A device near `row` as the queue shows it, `distance` in metres (core's great-circle distance, to 0.1 m). */
function asCandidate(row: { lon: number; lat: number }, c: NearRow): Candidate {
  return {
    id: c.id,
    publicId: c.public_id,
    kind: c.kind,
    distance: Math.round(distanceMetres(row, c) * 10) / 10,
    confirmations: c.confirmations,
    lastConfirmed: c.last_confirmed,
    observation: JSON.parse(c.public_body) as Observation,
  };
}

/** The candidates among `near` (found by a box or an index): measured with core's distance, within CANDIDATE_RADIUS, nearest first. */
export function measureCandidates(row: { lon: number; lat: number }, near: readonly NearRow[]): Candidate[] {
  return near
    .map((c) => asCandidate(row, c))
    .filter((c) => c.distance <= CANDIDATE_RADIUS)
    .sort((a, b) => a.distance - b.distance);
}

/** The rows the queue holds: pending observations and edits of decided ones (SQL condition, both stores). */
export const IN_QUEUE = "deleted = 0 AND (state = 'pending' OR edited = 1)";

/**
 * A row as the queue shows it, for the SQLite and PostgreSQL stores alike: `device` its pseudonym,
 * with the duplicate candidates and the changed device each store looks up.
 */
export function queueItem(row: ModerationRow, device: string, candidates: Candidate[], superseded: Pick<QueueItem, 'supersedes'>): QueueItem {
  return {
    id: row.id,
    publicId: row.public_id,
    state: row.state,
    edited: row.edited === 1,
    device,
    receivedOn: row.received_day,
    observation: JSON.parse(row.body) as Observation,
    candidates,
    ...superseded,
  };
}

/** The columns `supersededOf` reads (a NearRow and the state), for a row found by id or public id. */
export const SUPERSEDED_ROW = 'id, public_id, kind, lon, lat, confirmations, last_confirmed, public_body, state';

/** The id an observation's body says it changes ("supersedes"), if any. */
export const supersedesOf = (body: string): string | undefined => (JSON.parse(body) as Observation).supersedes;

/** The changed device as the queue shows it beside the new observation: only one that was public (it has a public form). */
export function supersededOf(row: { lon: number; lat: number }, old: (NearRow & { state: PublicationState }) | undefined): QueueItem['supersedes'] {
  if (!old || !old.public_body) return undefined;
  return { ...asCandidate(row, old), state: old.state };
}

/**
 * Whether publishing `row` marks `old` (the device it says changed) removed, and on which day: a
 * published fixed device other than itself, gone on the Brussels day of the new sighting (the
 * server's day at most). Both stores apply it.
 */
export function supersedeDay(row: ModerationRow, old: ModerationRow | undefined, day: string): string | null {
  if (!old || old.id === row.id || old.deleted || old.state !== 'published' || !canBeRechecked(old.kind as Observation['kind'])) return null;
  const seen = brusselsDay((JSON.parse(row.body) as Observation).observedAt);
  return seen < day ? seen : day;
}

export class ModerationStore {
  private readonly pseudonymKey: Buffer;
  private readonly prepared = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    this.pseudonymKey = db.prepare("SELECT value FROM server_keys WHERE name = 'pseudonym'").pluck().get() as Buffer;
  }

  /** A statement prepared once per connection and SQL text. */
  private q(sql: string): Statement {
    let st = this.prepared.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.prepared.set(sql, st);
    }
    return st;
  }

  /** A stable pseudonym for a device: a keyed hash of its row id, never derived from its token. */
  pseudonym(deviceId: number): string {
    return `device-${createHmac('sha256', this.pseudonymKey).update(String(deviceId)).digest('hex').slice(0, 8)}`;
  }

  /** The row by the author's id or by its public id; 404 when neither is known. */
  private find(id: string): ModerationRow {
    const row = this.q(`SELECT ${ROW} FROM observations WHERE id = @id OR public_id = @id`).get({ id }) as ModerationRow | undefined;
    if (!row) throw new ApiError(404, 'not_found', `no observation ${id}`);
    return row;
  }

  private moveToEnd(id: string): void {
    this.q('UPDATE observations SET seq = (SELECT max(seq) FROM observations) + 1 WHERE id = ?').run(id);
  }

  private audit(observationId: string, moderator: string | null, decision: string, detail: string | null, day: string): void {
    this.db
      .prepare('INSERT INTO decisions (observation_id, moderator, decision, detail, day) VALUES (?, ?, ?, ?, ?)')
      .run(observationId, moderator, decision, detail, day);
  }

  private decided(row: ModerationRow): DecisionResult {
    const last = this.db
      .prepare('SELECT moderator, day FROM decisions WHERE observation_id = ? ORDER BY id DESC LIMIT 1')
      .get(row.id) as { moderator: string | null; day: string } | undefined;
    return { id: row.id, status: 'decided', state: row.state, by: last?.moderator ?? 'walkers', on: last?.day ?? row.received_day };
  }

  /** Adds (or moves on) a device's sighting of a device; then recounts its public history. */
  private sight(observationId: string, deviceId: number, day: string): void {
    this.db
      .prepare(
        `INSERT INTO sightings (observation_id, device_id, first_day, day) VALUES (@id, @device, @day, @day)
         ON CONFLICT DO UPDATE SET first_day = min(first_day, excluded.first_day), day = max(day, excluded.day)`,
      )
      .run({ id: observationId, device: deviceId, day });
  }

  private recount(observationId: string): void {
    this.db
      .prepare(
        `UPDATE observations SET (first_seen, last_confirmed, confirmations) =
         (SELECT min(first_day), max(day), count(*) FROM sightings WHERE observation_id = @id) WHERE id = @id`,
      )
      .run({ id: observationId });
  }

  /** Writes the public form of a published row: its body, with the photos of what was merged into
   * it, without the photos kept private. */
  private writePublicForm(row: ModerationRow): void {
    const obs = JSON.parse(row.body) as Observation;
    const merged = this.db
      .prepare("SELECT body FROM observations WHERE survivor_id = ? AND state = 'merged' ORDER BY seq")
      .pluck()
      .all(row.id) as string[];
    const photos = [...new Set([...obs.photos, ...merged.flatMap((b) => (JSON.parse(b) as Observation).photos)])];
    const hidden = this.q('SELECT hash FROM private_photos WHERE observation_id = ?').pluck().all(row.id) as string[];
    const visible = photos.filter((h) => !hidden.includes(h)).slice(0, LIMITS.photos);
    const form = publicObservation({ ...obs, photos: visible }, row.public_id);
    this.q('UPDATE observations SET public_body = ? WHERE id = ?').run(JSON.stringify(form), row.id);
    this.q('DELETE FROM public_photos WHERE observation_id = ?').run(row.id);
    for (const hash of visible) this.q('INSERT OR IGNORE INTO public_photos VALUES (?, ?)').run(hash, row.id);
  }

  /**
   * Applies decisions in order, in one transaction. A decision on an observation someone already
   * decided is answered `decided` (the first decision stands). Refusals throw ApiError and change
   * nothing: unknown id (404), merge into itself or into a device that is not published, publish of
   * a retracted observation, removal of an event or of a device that was never published (422).
   */
  decide(moderator: string, decisions: readonly Decision[], now = new Date()): DecisionResult[] {
    const day = today(now);
    return this.db.transaction(() => decisions.map((d) => this.applyDecision(moderator, d, day))).immediate();
  }

  private applyDecision(moderator: string, d: Decision, day: string): DecisionResult {
    const row = this.find(d.id);
    const open = row.state === 'pending' || row.edited === 1;
    switch (d.decision) {
      case 'publish': {
        if (row.deleted) throw new ApiError(422, 'invalid_decision', `${d.id}: its author deleted it; it cannot be published`);
        if (!open) return this.decided(row);
        this.q('DELETE FROM private_photos WHERE observation_id = ?').run(row.id);
        for (const hash of d.privatePhotos ?? []) {
          this.q('INSERT OR IGNORE INTO private_photos VALUES (?, ?)').run(row.id, hash);
        }
        this.db
          .prepare(
            `UPDATE observations SET state = 'published', edited = 0, was_public = 1, published_day = coalesce(published_day, ?),
             description = coalesce(?, description) WHERE id = ?`,
          )
          .run(day, d.description || null, row.id);
        this.writePublicForm(row);
        this.sight(row.id, row.device_id, brusselsDay((JSON.parse(row.body) as Observation).observedAt));
        this.recount(row.id);
        this.audit(row.id, moderator, 'publish', null, day);
        this.supersede(moderator, row, day);
        break;
      }
      case 'reject': {
        if (!open) return this.decided(row);
        if (row.state === 'pending') {
          this.q("UPDATE observations SET state = 'rejected', reason = ?, reason_text = ? WHERE id = ?").run(d.reason, d.text || null, row.id);
        } else {
          // A refused edit: the device stays as it was checked.
          this.q('UPDATE observations SET edited = 0 WHERE id = ?').run(row.id);
        }
        this.audit(row.id, moderator, row.state === 'pending' ? 'reject' : 'reject edit', d.reason, day);
        break;
      }
      case 'merge': {
        const into = this.find(d.into);
        if (into.id === row.id) throw new ApiError(422, 'invalid_decision', `${d.id}: cannot merge an observation into itself`);
        if (into.state !== 'published' || into.deleted) {
          throw new ApiError(422, 'invalid_decision', `${d.into}: only a published device can take a merge (it is ${into.deleted ? 'deleted' : into.state})`);
        }
        if (into.edited) throw new ApiError(409, 'invalid_decision', `${d.into}: its author's edit waits in the queue; decide it first`);
        if (row.state !== 'pending' && row.state !== 'published') return this.decided(row);
        this.q("UPDATE observations SET state = 'merged', edited = 0, survivor_id = ? WHERE id = ?").run(into.id, row.id);
        this.q('DELETE FROM public_photos WHERE observation_id = ?').run(row.id);
        // The survivor keeps the sightings and photos of both; the decisions stay under both ids.
        this.sight(into.id, row.device_id, brusselsDay((JSON.parse(row.body) as Observation).observedAt));
        this.q(
          `INSERT INTO sightings SELECT @into, device_id, first_day, day FROM sightings WHERE observation_id = @from AND true
           ON CONFLICT DO UPDATE SET first_day = min(first_day, excluded.first_day), day = max(day, excluded.day)`,
        ).run({ into: into.id, from: row.id });
        this.q('UPDATE observations SET survivor_id = ? WHERE survivor_id = ?').run(into.id, row.id);
        this.writePublicForm(into);
        this.recount(into.id);
        this.moveToEnd(into.id);
        this.audit(row.id, moderator, 'merge', into.id, day);
        break;
      }
      case 'remove': {
        if (!canBeRechecked(row.kind as Observation['kind'])) {
          throw new ApiError(422, 'invalid_decision', `${d.id}: ${row.kind} is an event; events are never marked removed`);
        }
        if (row.state === 'removed') return this.decided(row);
        if (row.state !== 'published') throw new ApiError(422, 'invalid_decision', `${d.id}: only a published device can be marked removed (it is ${row.state})`);
        const on = d.on && d.on <= day ? d.on : day;
        this.q("UPDATE observations SET state = 'removed', removed_day = ? WHERE id = ?").run(on, row.id);
        this.audit(row.id, moderator, 'remove', on, day);
        break;
      }
    }
    this.moveToEnd(row.id);
    const state = this.q('SELECT state FROM observations WHERE id = ?').pluck().get(row.id) as PublicationState;
    return { id: row.id, status: 'applied', state };
  }

  /** "It changed": publishing `row` marks the device it takes the place of removed (supersedeDay). */
  private supersede(moderator: string, row: ModerationRow, day: string): void {
    const target = supersedesOf(row.body);
    if (!target) return;
    const old = this.q(`SELECT ${ROW} FROM observations WHERE id = @id OR public_id = @id`).get({ id: target }) as ModerationRow | undefined;
    const on = supersedeDay(row, old, day);
    if (!old || !on) return;
    this.q("UPDATE observations SET state = 'removed', removed_day = ? WHERE id = ?").run(on, old.id);
    this.audit(old.id, moderator, 'remove', `${on}, changed: ${row.public_id}`, day);
    this.moveToEnd(old.id);
  }

  /**
   * Blocks the device that sent `id`: its token is answered 403 from now on and its pending
   * observations are rejected as spam; what it had published stays (auditable).
   */
  block(moderator: string, id: string, now = new Date()): { device: string; rejected: number } {
    const day = today(now);
    return this.db
      .transaction(() => {
        const row = this.find(id);
        this.q('UPDATE devices SET blocked_day = coalesce(blocked_day, ?) WHERE id = ?').run(day, row.device_id);
        const pending = this.db
          .prepare("SELECT id FROM observations WHERE device_id = ? AND state = 'pending'")
          .pluck()
          .all(row.device_id) as string[];
        for (const pid of pending) {
          this.q("UPDATE observations SET state = 'rejected', reason = 'spam' WHERE id = ?").run(pid);
          this.moveToEnd(pid);
          this.audit(pid, moderator, 'reject', 'spam', day);
        }
        this.audit(row.id, moderator, 'block device', this.pseudonym(row.device_id), day);
        return { device: this.pseudonym(row.device_id), rejected: pending.length };
      })
      .immediate();
  }

  isBlocked(deviceId: number): boolean {
    return this.q('SELECT blocked_day IS NOT NULL FROM devices WHERE id = ?').pluck().get(deviceId) === 1;
  }

  /** Pending observations and edits of decided ones, oldest first, with their duplicate candidates. */
  queue(limit: number, after = 0): QueueAnswer {
    const rows = this.db
      .prepare(
        `SELECT ${ROW}, queue_order FROM observations
         WHERE ${IN_QUEUE} AND queue_order > ? ORDER BY queue_order LIMIT ?`,
      )
      .all(after, limit + 1) as (ModerationRow & { queue_order: number })[];
    const more = rows.length > limit;
    if (more) rows.pop();
    const total = this.db.prepare(`SELECT count(*) FROM observations WHERE ${IN_QUEUE}`).pluck().get() as number;
    const items = rows.map((r) => queueItem(r, this.pseudonym(r.device_id), this.candidates(r), this.superseded(r)));
    return { items, next: rows.length ? rows[rows.length - 1]!.queue_order : after, more, total };
  }

  /** Published devices within CANDIDATE_RADIUS of a row, nearest first. */
  private candidates(row: ModerationRow): Candidate[] {
    const box = boxAround(row, CANDIDATE_RADIUS);
    const near = this.db
      .prepare(
        `SELECT id, public_id, kind, lon, lat, confirmations, last_confirmed, public_body FROM observations
         WHERE deleted = 0 AND state = 'published' AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND id != ?`,
      )
      .all(box.minLat, box.maxLat, box.minLon, box.maxLon, row.id) as NearRow[];
    return measureCandidates(row, near);
  }

  /** `{ supersedes }` when the row says it changes a device that was public, else nothing. */
  private superseded(row: ModerationRow): Pick<QueueItem, 'supersedes'> {
    const target = supersedesOf(row.body);
    if (!target) return {};
    const old = this.q(`SELECT ${SUPERSEDED_ROW} FROM observations WHERE id = @id OR public_id = @id`).get({ id: target }) as
      | (NearRow & { state: PublicationState })
      | undefined;
    const supersedes = supersededOf(row, old);
    return supersedes ? { supersedes } : {};
  }

  /** Published devices that walkers reported gone, most reported first. */
  goneReports(): GoneReport[] {
    const rows = this.db
      .prepare(
        `SELECT o.id, o.public_id, o.body, count(*) AS reports, max(g.day) AS last FROM gone_reports g
         JOIN observations o ON o.id = g.observation_id WHERE o.state = 'published' AND o.deleted = 0
         GROUP BY o.id ORDER BY reports DESC, last`,
      )
      .all() as { id: string; public_id: string; body: string; reports: number; last: string }[];
    return rows.map((r) => ({ id: r.id, publicId: r.public_id, reports: r.reports, lastReport: r.last, observation: JSON.parse(r.body) as Observation }));
  }

  /** The audit log, newest first; `before` an audit id from a previous page. */
  auditLog(limit: number, before = Number.MAX_SAFE_INTEGER): AuditRow[] {
    return (
      this.db
        .prepare('SELECT id, observation_id, moderator, decision, detail, day FROM decisions WHERE id < ? ORDER BY id DESC LIMIT ?')
        .all(before, limit) as { id: number; observation_id: string; moderator: string | null; decision: string; detail: string | null; day: string }[]
    ).map((r) => ({ id: r.id, observationId: r.observation_id, moderator: r.moderator, decision: r.decision, detail: r.detail, day: r.day }));
  }

  /**
   * A walker's answers about published fixed devices. `yes` counts at once (no new moderation);
   * `no` is a "gone" report: GONE_REPORTS_TO_REMOVE from different devices mark it removed. Answers
   * about anything else (unknown, not public, an event) are `ignored`, so a queued answer never
   * blocks a device's outbox. A day in the future counts as today.
   */
  confirm(deviceId: number, confirmations: readonly Confirmation[], now = new Date()): ConfirmationResult[] {
    const todayHere = brusselsDay(now.toISOString());
    return this.db
      .transaction(() =>
        confirmations.map((c): ConfirmationResult => {
          const row = this.q(`SELECT ${ROW} FROM observations WHERE id = @id OR public_id = @id`).get({ id: c.id }) as ModerationRow | undefined;
          if (!row || row.deleted || row.state !== 'published' || !canBeRechecked(row.kind as Observation['kind'])) {
            return { id: c.id, status: 'ignored', ...(row ? { state: row.state } : {}) };
          }
          const on = c.on <= todayHere ? c.on : todayHere;
          if (c.answer === 'yes') {
            this.sight(row.id, deviceId, on);
            this.recount(row.id);
          } else {
            this.q('INSERT INTO gone_reports VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET day = excluded.day').run(row.id, deviceId, on);
            const reports = this.q('SELECT count(*) FROM gone_reports WHERE observation_id = ?').pluck().get(row.id) as number;
            if (reports >= GONE_REPORTS_TO_REMOVE) {
              this.q("UPDATE observations SET state = 'removed', removed_day = ? WHERE id = ?").run(on, row.id);
              this.audit(row.id, null, 'remove', on, today(now));
            }
          }
          this.moveToEnd(row.id);
          const state = this.q('SELECT state FROM observations WHERE id = ?').pluck().get(row.id) as PublicationState;
          return { id: c.id, status: 'counted', state };
        }),
      )
      .immediate();
  }
}
