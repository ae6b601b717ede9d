/**
 * What the server keeps, behind one interface so that the routes never know the engine: devices
 * and moderators (token hashes only), observations and their pull order, the moderators' decisions,
 * confirmations and "gone" reports, documents, photo metadata (the bytes live in a `PhotoBlobs`,
 * photo-blobs.ts). Every method is asynchronous (a network database answers later) and keeps the
 * rules of README.md in this folder: a batch, a list of decisions or confirmations is one
 * transaction; a refusal (ApiError) changes nothing.
 *
 * The SQLite implementation (sqlite-storage.ts, over observation-store.ts, moderation-store.ts,
 * document-store.ts and tokens.ts) is the default, chosen when `DATABASE_URL` is not set; with it,
 * PostgreSQL + PostGIS (pg-storage.ts), shared by several nodes.
 */
import type { PublicDocument, DocumentInput } from '../core/documents.ts';
import type { Confirmation, ConfirmationResult, Decision, DecisionResult, ItemResult } from '../core/wire.ts';
import type { AuditRow, GoneReport, QueueAnswer } from './moderation-store.ts';
import type { BatchSlices } from './observation-store.ts';
import type { PublicIdOf } from './public-id.ts';

/** Metadata of a stored photo; `stripped` 1 when the server re-encoded it without metadata. */
export interface PhotoRow {
  hash: string;
  /** Bytes as stored. */
  size: number;
  type: 'image/jpeg' | 'image/png' | 'image/webp';
  stripped: number;
}

/** Who asks for a photo: a device (its row id), a moderator, or nobody known. */
export interface PhotoReader {
  deviceId: number | null;
  moderator: boolean;
}

export interface StorageStats {
  observations: number;
  pending: number;
  published: number;
  tombstones: number;
  devices: number;
  moderators: number;
  byKind: Record<string, number>;
}

export interface Storage {
  /** `sqlite` or `postgres`: printed at start. */
  readonly engine: string;

  /** A new device: its row id and its token (shown once; only its SHA-256 is kept). */
  registerDevice(): Promise<{ id: number; token: string }>;
  /** The device of a token, and whether a moderator blocked it; null for an unknown token. */
  deviceForToken(token: string): Promise<{ id: number; blocked: boolean } | null>;
  /** A new moderator's token; throws an Error for a name that is not 1–64 letters, digits, spaces, dots, dashes. */
  addModerator(name: string): Promise<string>;
  /** The moderator's name of a token, or null. */
  moderatorForToken(token: string): Promise<string | null>;

  /** Applies a batch from one device, one transaction; one result per change, in order. `slices`:
   * its changes as prepared (prepared-change.ts), in order, as a batch reader yields them. */
  applyBatch(deviceId: number, slices: BatchSlices): Promise<ItemResult[]>;
  /** One pull page after `since` as the UTF-8 bytes of the JSON text of the wire's `PullPage`. */
  pullPage(deviceId: number, since: number, limit: number, recheckDays: number): Promise<Buffer>;
  /** The public set, published and removed, in public id order, in chunks of GeoJSON Features. */
  published(chunk?: number): AsyncGenerator<object[]>;
  /** Changes whenever anything public may have changed (the public set's cache key). */
  changeMark(): Promise<string>;
  /** The public id rule with this server's key (public-id.ts). */
  publicIdOf(): PublicIdOf;
  /** That key (32 bytes), for the threads that prepare pushed changes (batch-reader.ts). */
  publicIdKey(): Buffer;

  decide(moderator: string, decisions: readonly Decision[]): Promise<DecisionResult[]>;
  block(moderator: string, id: string): Promise<{ device: string; rejected: number }>;
  queue(limit: number, after: number): Promise<QueueAnswer>;
  goneReports(): Promise<GoneReport[]>;
  auditLog(limit: number, before: number): Promise<AuditRow[]>;
  confirm(deviceId: number, confirmations: readonly Confirmation[]): Promise<ConfirmationResult[]>;

  /** Stores a validated document with its moderator (the audit); returns its id. */
  addDocument(doc: DocumentInput, moderator: string): Promise<number>;
  /** Every document, or those of one target; newest first. */
  documents(target?: { target: PublicDocument['target']; targetId: string }): Promise<PublicDocument[]>;

  photo(hash: string): Promise<PhotoRow | undefined>;
  /** Records a stored photo's metadata and the device that sent it (nothing when the hash is known already). */
  addPhoto(row: PhotoRow, deviceId: number | null): Promise<void>;
  /** Whether `reader` may fetch a photo: anyone when a public device shows it (not kept private);
   * otherwise only a moderator or the device that sent it. */
  mayReadPhoto(hash: string, reader: PhotoReader): Promise<boolean>;
  photoCount(): Promise<{ photos: number; bytes: number }>;

  stats(): Promise<StorageStats>;
  close(): Promise<void>;
}
