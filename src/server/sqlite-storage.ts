/**
 * The default `Storage` (storage.ts): one SQLite file in DATA_DIR (db.ts), through the synchronous
 * stores of this folder. better-sqlite3 answers at once, so each method is the store's call wrapped
 * in a settled promise; a transaction never spans an await.
 */
import type { DocumentInput, PublicDocument } from '../core/documents.ts';
import type { Confirmation, Decision } from '../core/wire.ts';
import { openDb, today, type Db } from './db.ts';
import { DocumentStore } from './document-store.ts';
import { ModerationStore } from './moderation-store.ts';
import { ObservationStore, type BatchOptions } from './observation-store.ts';
import { publicIdOf } from './public-id.ts';
import type { PhotoReader, PhotoRow, Storage } from './storage.ts';
import { addModerator, deviceIdForToken, moderatorForToken, registerDevice } from './tokens.ts';

export class SqliteStorage implements Storage {
  readonly engine = 'sqlite';
  readonly observations: ObservationStore;
  readonly moderation: ModerationStore;
  private readonly docs: DocumentStore;
  private readonly mark: () => string;

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
  }

  /** Opens (creating or migrating) DATA_DIR's database. */
  static open(dataDir: string, batch: BatchOptions = {}): SqliteStorage {
    return new SqliteStorage(openDb(dataDir), batch);
  }

  async registerDevice() {
    return registerDevice(this.db);
  }

  async deviceForToken(token: string) {
    const id = deviceIdForToken(this.db, token);
    return id === null ? null : { id, blocked: this.moderation.isBlocked(id) };
  }

  async addModerator(name: string) {
    return addModerator(this.db, name);
  }

  async moderatorForToken(token: string) {
    return moderatorForToken(this.db, token);
  }

  async applyBatch(deviceId: number, changes: readonly unknown[]) {
    return this.observations.applyBatch(deviceId, changes);
  }

  async pullPage(deviceId: number, since: number, limit: number, recheckDays: number) {
    return this.observations.pullPage(deviceId, since, limit, recheckDays);
  }

  async *published(chunk?: number) {
    yield* this.observations.published(chunk);
  }

  async changeMark() {
    return this.mark();
  }

  publicIdOf() {
    return publicIdOf(this.db);
  }

  async decide(moderator: string, decisions: readonly Decision[]) {
    return this.moderation.decide(moderator, decisions);
  }

  async block(moderator: string, id: string) {
    return this.moderation.block(moderator, id);
  }

  async queue(limit: number, after: number) {
    return this.moderation.queue(limit, after);
  }

  async goneReports() {
    return this.moderation.goneReports();
  }

  async auditLog(limit: number, before: number) {
    return this.moderation.auditLog(limit, before);
  }

  async confirm(deviceId: number, confirmations: readonly Confirmation[]) {
    return this.moderation.confirm(deviceId, confirmations);
  }

  async addDocument(doc: DocumentInput, moderator: string) {
    return this.docs.add(doc, moderator);
  }

  async documents(target?: { target: PublicDocument['target']; targetId: string }) {
    return this.docs.list(target);
  }

  async photo(hash: string) {
    return this.db.prepare('SELECT hash, size, type, stripped FROM photos WHERE hash = ?').get(hash) as PhotoRow | undefined;
  }

  async addPhoto(row: PhotoRow, deviceId: number | null) {
    this.db
      .prepare('INSERT OR IGNORE INTO photos (hash, size, type, stripped, received_day, device_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.hash, row.size, row.type, row.stripped, today(), deviceId);
  }

  async mayReadPhoto(hash: string, reader: PhotoReader) {
    if (this.db.prepare('SELECT 1 FROM public_photos WHERE hash = ? LIMIT 1').get(hash)) return true;
    if (reader.moderator) return true;
    if (reader.deviceId === null) return false;
    return this.db.prepare('SELECT 1 FROM photos WHERE hash = ? AND device_id = ?').get(hash, reader.deviceId) !== undefined;
  }

  async photoCount() {
    return this.db.prepare('SELECT count(*) AS photos, coalesce(sum(size), 0) AS bytes FROM photos').get() as { photos: number; bytes: number };
  }

  async stats() {
    return this.observations.stats();
  }

  async close() {
    this.db.close();
  }
}
