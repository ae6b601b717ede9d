/**
 * Observations in SQLite (table `observations`, see db.ts): the batch push, the
 * pull by cursor and the public set. One batch is one transaction: a process killed in the
 * middle of it leaves all of it or none of it, and the client's re-send is then answered item by item.
 * A new observation is `pending`; only the moderators' decisions (moderation-store.ts) write the
 * public form, so an author's later edit never reaches the public unchecked.
 */
import type { Observation } from '../core/observation.ts';
import type { ItemResult } from '../core/wire.ts';
import { jsonEqual } from './json-equal.ts';
import { today, type Db } from './db.ts';
import { isPrepared, type PreparedChange, type PreparedItem } from './prepared-change.ts';
import { publicFeature } from './public-observation.ts';
import { PUBLIC_ROW, publicationOf, type PublicationRow } from './publication-row.ts';

/** A batch's changes as prepared (prepared-change.ts), in order, in slices: as a batch reader
 * (batch-reader.ts) yields them while it reads, or all at hand. */
export type BatchSlices = AsyncIterable<readonly PreparedItem[]> | Iterable<readonly PreparedItem[]>;

export interface BatchOptions {
  /** Test hook: the process kills itself (SIGKILL), mid-transaction, once it has applied this many
   * items since it started. */
  killAfterItems?: number;
  /** Test hook (PostgreSQL): awaited inside every writing transaction just before its commit, so a
   * test can hold one open while other nodes write and pull. */
  beforeCommit?: () => Promise<void>;
}

export interface CurrentRow {
  version: number;
  device_id: number;
  body: string;
  /** Merged: the survivor as the author knows it (their own id when it is theirs, else its public id). */
  survivor: string | null;
}

/** The columns of a CurrentRow, for a query on `observations o`. */
export const CURRENT_ROW = `o.version, o.device_id, o.body,
  CASE WHEN o.state = 'merged' THEN (SELECT CASE WHEN s.device_id = o.device_id THEN s.id ELSE s.public_id END FROM observations s WHERE s.id = o.survivor_id) END AS survivor`;

/**
 * The rules for a change to an id the server holds (README.md, batch push): the answer, or `apply`
 * when the change moves the row on. Only the author's device may change it.
 */
export function judgeChange(deviceId: number, change: PreparedChange, current: CurrentRow): ItemResult | 'apply' {
  const { id, version, deleted, baseVersion, body } = change;
  if (current.device_id !== deviceId) {
    return { id, status: 'invalid', reason: 'this observation belongs to another device' };
  }
  if (version === current.version) {
    // Idempotent by id + version: the same change again is harmless; other content is a conflict.
    const same = current.body === body || jsonEqual(JSON.parse(current.body), JSON.parse(body));
    return same ? { id, status: 'unchanged', version: current.version } : conflict(id, current);
  }
  if (version < current.version) {
    // Only this device writes this observation, so an older version is an old change sent again
    // (an outbox retried after a lost answer): the server has moved past it.
    return { id, status: 'unchanged', version: current.version };
  }
  // Merged into another device: it lives on as the survivor and takes no more edits (a delete
  // still applies: the author's copy goes, the survivor keeps what it took).
  if (current.survivor && !deleted) return conflict(id, current);
  if (baseVersion !== current.version) return conflict(id, current);
  return 'apply';
}

/** Only the author's device reaches this point: it gets its own copy whole (and a merged one's survivor). */
function conflict(id: string, current: CurrentRow): ItemResult {
  return {
    id,
    status: 'conflict',
    version: current.version,
    server: JSON.parse(current.body) as Observation,
    ...(current.survivor ? { survivor: current.survivor } : {}),
  };
}

/** A row of a pull page: whether it is the caller's own, its ids, its publication, and its JSON
 * text (the whole body for its author, the public form for others, null when it left the public set). */
export type PageRow = PublicationRow & { seq: number; own: number; id: string; text: string | null };

/** The columns of a page row as both stores select them, in this order (`pageRow` reads them). */
export type PageColumns = [
  seq: number,
  own: number,
  id: string,
  publicId: string,
  state: PublicationRow['state'],
  reason: PublicationRow['reason'],
  reasonText: string | null,
  removedDay: string | null,
  publishedDay: string | null,
  firstSeen: string | null,
  lastConfirmed: string | null,
  confirmations: number,
  description: string | null,
  survivorPublic: string | null,
  text: string | null,
];

/** A page row from its columns: rows come from the database as arrays (cheaper than objects). */
export function pageRow(c: PageColumns): PageRow {
  return {
    seq: c[0],
    own: c[1],
    id: c[2],
    public_id: c[3],
    state: c[4],
    reason: c[5],
    reason_text: c[6],
    removed_day: c[7],
    published_day: c[8],
    first_seen: c[9],
    last_confirmed: c[10],
    confirmations: c[11],
    description: c[12],
    survivor_public: c[13],
    text: c[14],
  };
}

const COMMA = Buffer.from(',');

/**
 * The UTF-8 bytes of a pull page's JSON text (`{ changes, publication, dropped, next, more,
 * recheckDays }`), ready to send: the stored bodies are spliced in as they are, so a page costs no
 * JSON.parse of an observation, and each body is encoded once into its own small buffer (Node's
 * pool) rather than joined into one long string that the response would measure and encode again.
 * Within a page, public id order: server order follows when walkers sent and moderators decided
 * (often a walk in the order it was walked), which would retrace a route.
 */
export function pageBody(rows: PageRow[], next: number, more: boolean, recheckDays: number): Buffer {
  // Public ids are unique: two rows never compare equal.
  rows.sort((a, b) => (a.public_id < b.public_id ? -1 : 1));
  const parts: Buffer[] = [Buffer.from('{"changes":[')];
  const publication: object[] = [];
  const dropped: object[] = [];
  for (const row of rows) {
    const own = row.own === 1;
    if (row.text !== null) {
      if (publication.length) parts.push(COMMA);
      parts.push(Buffer.from(row.text));
      publication.push(publicationOf(row, own ? row.id : row.public_id, own));
    } else {
      dropped.push(row.survivor_public ? { id: row.public_id, survivor: row.survivor_public } : { id: row.public_id });
    }
  }
  parts.push(Buffer.from(`],"publication":${JSON.stringify(publication)},"dropped":${JSON.stringify(dropped)},"next":"${next}","more":${more},"recheckDays":${recheckDays}}`));
  return Buffer.concat(parts);
}

/** Prepared statements, made once per connection. */
function statements(db: Db) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    current: db.prepare(`SELECT ${CURRENT_ROW} FROM observations o WHERE o.id = ?`),
    maxSeq: db.prepare('SELECT coalesce(max(seq), 0) FROM observations').pluck(),
    // Positional parameters, in the order of the row in applyOne (cheaper to bind than named ones).
    // The public form is written by a publication, never here.
    insert: db.prepare(
      `INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day, lon, lat, queue_order, public_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
    // An edit of a decided observation waits in the queue (edited = 1); the public keeps what was checked.
    update: db.prepare(
      `UPDATE observations SET seq = ?, version = ?, kind = ?, deleted = ?, body = ?, received_day = ?,
       lon = ?, lat = ?, edited = (state != 'pending'), queue_order = CASE WHEN state = 'pending' THEN queue_order ELSE ? END
       WHERE id = ?`,
    ),
    // The author gets their row whole; others get a public row's public form, or only that a row
    // they held left the public set. Columns of PageColumns, as arrays.
    page: db
      .prepare(
        `SELECT seq, device_id = @device AS own, id, ${PUBLIC_ROW},
         CASE WHEN device_id = @device THEN body WHEN deleted = 0 AND state IN ('published', 'removed') THEN public_body END AS text
         FROM observations o WHERE seq > @since AND (device_id = @device OR was_public = 1) ORDER BY seq LIMIT @limit`,
      )
      .raw(true),
    // A device its author deleted leaves the public set, and its photos with it.
    hidePhotos: db.prepare('DELETE FROM public_photos WHERE observation_id = ?'),
    // In public id order: the order in which devices were logged or published would tell time.
    publicPage: db.prepare(
      `SELECT public_body, ${PUBLIC_ROW} FROM observations o
       WHERE public_id > ? AND deleted = 0 AND state IN ('published', 'removed') ORDER BY public_id LIMIT ?`,
    ),
  };
}

export class ObservationStore {
  private readonly st: ReturnType<typeof statements>;
  private appliedSinceStart = 0;

  constructor(
    private readonly db: Db,
    private readonly options: BatchOptions = {},
  ) {
    this.st = statements(db);
  }

  /**
   * Applies a batch of changes from one device in one transaction; one result per change, in order.
   * The transaction stays open while the slices come (it spans awaits): the caller lets no other
   * statement run on this connection meanwhile (sqlite-storage.ts queues them). Whatever throws
   * (a lost batch reader, a write that fails) rolls all of it back.
   */
  async applyBatch(deviceId: number, slices: BatchSlices): Promise<ItemResult[]> {
    const day = today();
    const results: ItemResult[] = [];
    this.st.begin.run();
    try {
      let seq = this.st.maxSeq.get() as number;
      for await (const slice of slices) {
        for (const item of slice) {
          if (!isPrepared(item)) {
            results.push(item);
            continue;
          }
          results.push(this.applyOne(deviceId, item, ++seq, day));
          this.appliedSinceStart++;
          if (this.options.killAfterItems !== undefined && this.appliedSinceStart >= this.options.killAfterItems) {
            process.kill(process.pid, 'SIGKILL');
          }
        }
      }
      this.st.commit.run();
      return results;
    } catch (err) {
      if (this.db.inTransaction) this.st.rollback.run();
      throw err;
    }
  }

  private applyOne(deviceId: number, change: PreparedChange, seq: number, day: string): ItemResult {
    const { id, version, kind, deleted, body, lon, lat } = change;
    // The common case, a new observation, costs one insert and no lookup.
    if (this.st.insert.run(seq, id, version, kind, deleted, deviceId, body, day, lon, lat, seq, change.publicId).changes === 1) {
      return { id, status: 'created', version };
    }

    const judged = judgeChange(deviceId, change, this.st.current.get(id) as CurrentRow);
    if (judged !== 'apply') return judged;
    // The seq the ignored insert did not use is still free: the row moves there.
    this.st.update.run(seq, version, kind, deleted, body, day, lon, lat, seq, id);
    if (deleted) this.st.hidePhotos.run(id);
    return { id, status: 'updated', version };
  }

  /**
   * One page of changes after `since`, in server order, as the UTF-8 bytes of the JSON text of
   * `{ changes, publication, dropped, next, more, recheckDays }` (pageBody: the stored bodies are
   * spliced in, a page costs no JSON.parse of an observation). The author's device gets its own observations
   * whole (tombstones included) with their state; others get published and removed devices in the
   * public form with their public history, and `dropped` for those that left the public set.
   */
  pullPage(deviceId: number, since: number, limit: number, recheckDays: number): Buffer {
    const rows = (this.st.page.all({ device: deviceId, since, limit: limit + 1 }) as PageColumns[]).map(pageRow);
    const more = rows.length > limit;
    if (more) rows.pop();
    // Caught up: rows this device may not see need not be scanned again (a change moves a row on).
    const next = more ? rows[rows.length - 1]!.seq : Math.max(since, this.st.maxSeq.get() as number);
    return pageBody(rows, next, more, recheckDays);
  }

  /**
   * The public set: published and removed devices in public id order, in chunks, as the GeoJSON
   * Features of the open-data feed (public-observation.ts). The one place that decides what the
   * public sees; the feed, the public page and the OGC API all read it.
   */
  *published(chunk = 1000): Generator<object[]> {
    let since = '';
    for (;;) {
      // Each chunk is read at once: the connection is never left busy across an await.
      const rows = this.st.publicPage.all(since, chunk) as (PublicationRow & { public_body: string })[];
      if (!rows.length) return;
      since = rows[rows.length - 1]!.public_id;
      yield rows.map((r) => publicFeature(JSON.parse(r.public_body) as Observation, publicationOf(r, r.public_id, false)));
    }
  }

  stats(): { observations: number; pending: number; published: number; tombstones: number; devices: number; moderators: number; byKind: Record<string, number> } {
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    const byKind = Object.fromEntries(
      (this.db.prepare('SELECT kind, count(*) AS n FROM observations WHERE deleted = 0 GROUP BY kind ORDER BY kind').all() as {
        kind: string;
        n: number;
      }[]).map((r) => [r.kind, r.n]),
    );
    return {
      observations: count('SELECT count(*) FROM observations'),
      pending: count("SELECT count(*) FROM observations WHERE deleted = 0 AND state = 'pending'"),
      published: count("SELECT count(*) FROM observations WHERE deleted = 0 AND state = 'published'"),
      tombstones: count('SELECT count(*) FROM observations WHERE deleted = 1'),
      devices: count('SELECT count(*) FROM devices'),
      moderators: count('SELECT count(*) FROM moderators'),
      byKind,
    };
  }
}
