/**
 * Observations in SQLite (table `observations`, see db.ts): the batch push, the
 * pull by cursor and the published set. One batch is one transaction: a process killed in the
 * middle of it leaves all of it or none of it, and the client's re-send is then answered item by item.
 */
import type { Observation } from '../core/observation.ts';
import { readChange, type ItemResult } from '../core/wire.ts';
import { jsonEqual } from './json-equal.ts';
import { today, type Db } from './db.ts';
import { publicObservation } from './public-observation.ts';

const OPEN_PAGE = Buffer.from('{"changes":[');
const COMMA = Buffer.from(',');

/** A change that passed the schema, ready to store. */
interface ValidChange {
  obs: Observation;
  baseVersion: number | null;
  /** The validated observation as JSON text, as stored. */
  body: string;
}

export interface BatchOptions {
  /** Test hook: the process kills itself (SIGKILL), mid-transaction, once it has applied this many
   * items since it started. */
  killAfterItems?: number;
}

interface CurrentRow {
  version: number;
  device_id: number;
  body: string;
}

/** Prepared statements, made once per connection. */
function statements(db: Db) {
  return {
    current: db.prepare('SELECT version, device_id, body FROM observations WHERE id = ?'),
    maxSeq: db.prepare('SELECT coalesce(max(seq), 0) FROM observations').pluck(),
    // Positional parameters, in the order of the row in applyOne (cheaper to bind than named ones).
    insert: db.prepare(
      `INSERT INTO observations (seq, id, version, kind, deleted, device_id, body, public_body, received_day)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
    update: db.prepare(
      `UPDATE observations SET seq = ?, version = ?, kind = ?, deleted = ?, device_id = ?,
       body = ?, public_body = ?, received_day = ? WHERE id = ?`,
    ),
    // One column per row, the one this device may see, as UTF-8 bytes: spliced into the answer as
    // they are, never decoded to a JS string and encoded again.
    page: db
      .prepare(
        'SELECT seq, CAST(CASE WHEN device_id = ? THEN body ELSE public_body END AS BLOB) FROM observations WHERE seq > ? ORDER BY seq LIMIT ?',
      )
      .raw(),
    publishedPage: db.prepare('SELECT seq, body FROM observations WHERE seq > ? AND deleted = 0 ORDER BY seq LIMIT ?'),
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

  /** Applies a batch of changes from one device; one result per change, in order. */
  applyBatch(deviceId: number, changes: readonly unknown[]): ItemResult[] {
    const validated = changes.map((item): ValidChange | ItemResult => {
      const read = readChange(item);
      return 'observation' in read ? { obs: read.observation, baseVersion: read.baseVersion, body: JSON.stringify(read.observation) } : read;
    });
    const day = today();
    const run = this.db.transaction(() => {
      let seq = this.st.maxSeq.get() as number;
      return validated.map((v): ItemResult => {
        if (!('obs' in v)) return v;
        const result = this.applyOne(deviceId, v, () => ++seq, day);
        this.appliedSinceStart++;
        if (this.options.killAfterItems !== undefined && this.appliedSinceStart >= this.options.killAfterItems) {
          process.kill(process.pid, 'SIGKILL');
        }
        return result;
      });
    });
    return run.immediate();
  }

  private applyOne(deviceId: number, change: ValidChange, nextSeq: () => number, day: string): ItemResult {
    const { obs, baseVersion, body } = change;
    const id = obs.id;
    // seq, id, version, kind, deleted, device_id, body, public_body, received_day
    const row = [nextSeq(), id, obs.version, obs.kind, obs.deleted ? 1 : 0, deviceId, body, JSON.stringify(publicObservation(obs)), day];
    // The common case, a new observation, costs one insert and no lookup.
    if (this.st.insert.run(row).changes === 1) return { id, status: 'created', version: obs.version };

    const current = this.st.current.get(id) as CurrentRow;
    if (current.device_id !== deviceId) {
      return { id, status: 'invalid', reason: 'this observation belongs to another device' };
    }
    if (obs.version === current.version) {
      // Idempotent by id + version: the same change again is harmless; other content is a conflict.
      const same = current.body === body || jsonEqual(JSON.parse(current.body), obs);
      return same ? { id, status: 'unchanged', version: current.version } : this.conflict(id, current, deviceId);
    }
    if (obs.version < current.version) {
      // Only this device writes this observation, so an older version is an old change sent again
      // (an outbox retried after a lost answer): the server has moved past it.
      return { id, status: 'unchanged', version: current.version };
    }
    if (baseVersion !== current.version) return this.conflict(id, current, deviceId);
    // The seq the ignored insert did not use is still free: the row moves there.
    const [seq, , ...rest] = row;
    this.st.update.run(seq, ...rest, id);
    return { id, status: 'updated', version: obs.version };
  }

  private conflict(id: string, current: CurrentRow, deviceId: number): ItemResult {
    const server = JSON.parse(current.body) as Observation;
    return {
      id,
      status: 'conflict',
      version: current.version,
      server: current.device_id === deviceId ? server : publicObservation(server),
    };
  }

  /**
   * One page of changes after `since`, in server order, tombstones included, as the JSON bytes of
   * `{ changes, next, more }` (the stored bodies are spliced in: a page costs no JSON.parse).
   * The author's device gets its own observations whole; others get the public form.
   */
  pullPage(deviceId: number, since: number, limit: number): Buffer {
    const rows = this.st.page.all(deviceId, since, limit + 1) as [number, Buffer][];
    const more = rows.length > limit;
    if (more) rows.pop();
    const next = rows.length ? rows[rows.length - 1]![0] : since;
    const parts: Buffer[] = [OPEN_PAGE];
    for (let i = 0; i < rows.length; i++) {
      if (i) parts.push(COMMA);
      parts.push(rows[i]![1]);
    }
    parts.push(Buffer.from(`],"next":"${next}","more":${more}}`));
    return Buffer.concat(parts);
  }

  /** Published (not deleted) observations in server order, in chunks, for the open data feed. */
  *published(chunk = 1000): Generator<Observation[]> {
    let since = 0;
    for (;;) {
      // Each chunk is read at once: the connection is never left busy across an await.
      const rows = this.st.publishedPage.all(since, chunk) as { seq: number; body: string }[];
      if (!rows.length) return;
      since = rows[rows.length - 1]!.seq;
      yield rows.map((r) => JSON.parse(r.body) as Observation);
    }
  }

  stats(): { observations: number; published: number; tombstones: number; devices: number; moderators: number; byKind: Record<string, number> } {
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    const byKind = Object.fromEntries(
      (this.db.prepare('SELECT kind, count(*) AS n FROM observations WHERE deleted = 0 GROUP BY kind ORDER BY kind').all() as {
        kind: string;
        n: number;
      }[]).map((r) => [r.kind, r.n]),
    );
    return {
      observations: count('SELECT count(*) FROM observations'),
      published: count('SELECT count(*) FROM observations WHERE deleted = 0'),
      tombstones: count('SELECT count(*) FROM observations WHERE deleted = 1'),
      devices: count('SELECT count(*) FROM devices'),
      moderators: count('SELECT count(*) FROM moderators'),
      byKind,
    };
  }
}
