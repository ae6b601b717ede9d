/**
 * The default `Storage` (storage.ts): one SQLite file in DATA_DIR (db.ts), through the synchronous
 * stores of this folder, on one connection. better-sqlite3 answers at once, but a batch push's
 * transaction stays open while its changes are read in a worker thread (batch-reader.ts): so every
 * method runs in turn (`inTurn`), and no other request's statement ever runs inside a batch's
 * transaction or sees its rows before the commit.
 */
import type { DocumentInput, PublicDocument } from '../core/documents.ts';
import type { Confirmation, Decision } from '../core/wire.ts';
import { openDb, today, type Db } from './db.ts';
import { DocumentStore } from './document-store.ts';
import { ModerationStore } from './moderation-store.ts';
import { ObservationStore, type BatchOptions, type BatchSlices } from './observation-store.ts';
import { publicIdKey, publicIdMaker, type PublicIdOf } from './public-id.ts';
import type { PhotoReader, PhotoRow, Storage } from './storage.ts';
import { addModerator, deviceIdForToken, moderatorForToken, registerDevice } from './tokens.ts';

export class SqliteStorage implements Storage {
  readonly engine = 'sqlite';
  readonly observations: ObservationStore;
  readonly moderation: ModerationStore;
  private readonly docs: DocumentStore;
  private readonly mark: () => string;
  private readonly key: Buffer;
  private readonly publicId: PublicIdOf;
  /** Settles when the last method called has finished: the next one starts after it. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: Db,
    batch: BatchOptions = {},
  ) {
    this.observations = new ObservationStore(db, batch);
    this.moderation = new ModerationStore(db);
    this.docs = new DocumentStore(db);
    // This connection's own writes, and commits by other processes (the CLI).
    const changes = db.prepare('SELECT total_changes()').pluck();
    const dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.mark = () => `${changes.get() as number}:${dataVersion.get() as number}`;
    this.key = publicIdKey(db);
    this.publicId = publicIdMaker(this.key);
  }

  /** Runs `fn` once every method called before it has finished (whether it failed or not). */
  private inTurn<T>(fn: () => T | Promise<T>): Promise<T> {
    const turn = this.last.then(fn, fn);
    this.last = turn.catch(() => undefined);
    return turn;
  }

  /** Opens (creating or migrating) DATA_DIR's database. */
  static open(dataDir: string, batch: BatchOptions = {}): SqliteStorage {
    return new SqliteStorage(openDb(dataDir), batch);
  }

  registerDevice() {
    return this.inTurn(() => registerDevice(this.db));
  }

  deviceForToken(token: string) {
    return this.inTurn(() => {
      const id = deviceIdForToken(this.db, token);
      return id === null ? null : { id, blocked: this.moderation.isBlocked(id) };
    });
  }

  addModerator(name: string) {
    return this.inTurn(() => addModerator(this.db, name));
  }

  moderatorForToken(token: string) {
    return this.inTurn(() => moderatorForToken(this.db, token));
  }

  applyBatch(deviceId: number, slices: BatchSlices) {
    return this.inTurn(() => this.observations.applyBatch(deviceId, slices));
  }

  pullPage(deviceId: number, since: number, limit: number, recheckDays: number) {
    return this.inTurn(() => this.observations.pullPage(deviceId, since, limit, recheckDays));
  }

  async *published(chunk?: number) {
    // Each chunk in its turn: the connection is never left to the reader across an await.
    const chunks = this.observations.published(chunk);
    for (;;) {
      const next = await this.inTurn(() => chunks.next());
      if (next.done) return;
      yield next.value;
    }
  }

  changeMark() {
    return this.inTurn(() => this.mark());
  }

  publicIdOf() {
    return this.publicId;
  }

  publicIdKey() {
    return this.key;
  }

  decide(moderator: string, decisions: readonly Decision[]) {
    return this.inTurn(() => this.moderation.decide(moderator, decisions));
  }

  block(moderator: string, id: string) {
    return this.inTurn(() => this.moderation.block(moderator, id));
  }

  queue(limit: number, after: number) {
    return this.inTurn(() => this.moderation.queue(limit, after));
  }

  goneReports() {
    return this.inTurn(() => this.moderation.goneReports());
  }

  auditLog(limit: number, before: number) {
    return this.inTurn(() => this.moderation.auditLog(limit, before));
  }

  confirm(deviceId: number, confirmations: readonly Confirmation[]) {
    return this.inTurn(() => this.moderation.confirm(deviceId, confirmations));
  }

  addDocument(doc: DocumentInput, moderator: string) {
    return this.inTurn(() => this.docs.add(doc, moderator));
  }

  documents(target?: { target: PublicDocument['target']; targetId: string }) {
    return this.inTurn(() => this.docs.list(target));
  }

  photo(hash: string) {
    return this.inTurn(() => this.db.prepare('SELECT hash, size, type, stripped FROM photos WHERE hash = ?').get(hash) as PhotoRow | undefined);
  }

  addPhoto(row: PhotoRow, deviceId: number | null) {
    return this.inTurn(() => {
      this.db
        .prepare('INSERT OR IGNORE INTO photos (hash, size, type, stripped, received_day, device_id) VALUES (?, ?, ?, ?, ?, ?)')
        .run(row.hash, row.size, row.type, row.stripped, today(), deviceId);
    });
  }

  mayReadPhoto(hash: string, reader: PhotoReader) {
    return this.inTurn(() => {
      if (this.db.prepare('SELECT 1 FROM public_photos WHERE hash = ? LIMIT 1').get(hash)) return true;
      if (reader.moderator) return true;
      if (reader.deviceId === null) return false;
      return this.db.prepare('SELECT 1 FROM photos WHERE hash = ? AND device_id = ?').get(hash, reader.deviceId) !== undefined;
    });
  }

  photoCount() {
    return this.inTurn(() => this.db.prepare('SELECT count(*) AS photos, coalesce(sum(size), 0) AS bytes FROM photos').get() as { photos: number; bytes: number });
  }

  stats() {
    return this.inTurn(() => this.observations.stats());
  }

  close() {
    return this.inTurn(() => {
      this.db.close();
    });
  }
}
