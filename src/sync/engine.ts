/**
 * One sync run, start to end: make sure this device has a token, drain the outbox in batches of at
 * most 500 (each observation's photos right after the server accepted it; the outbox entry is
 * acknowledged only once they are up, so a photo never stays behind), then pull the shared map by
 * cursor. Every step is idempotent on the server, so a run cut off anywhere (tab closed, network
 * gone, server killed) is simply run again: nothing lost, nothing doubled.
 */
import type { ContrechampDb } from '../store/db.ts';
import { getMeta, deleteMeta, setMeta } from '../store/meta.ts';
import { acknowledge, listOutbox, markConflict, outboxBatch, recordFailure, type Acknowledgement, type OutboxItem } from '../store/outbox.ts';
import { getPhoto } from '../store/photos.ts';
import { applyPulledPage } from '../store/shared.ts';
import { listActions, rememberDecidedFirst, removeActions } from '../store/actions.ts';
import { LIMITS_MODERATION } from '../core/publication.ts';
import { MAX_BATCH_CHANGES, PULL_PAGE_DEFAULT } from '../core/wire.ts';
import type { ApiClient } from './api-client.ts';
import { SyncError, toSyncError } from './errors.ts';
import { INVALID_PREFIX, buildBatch, isRefused, photosToSend, sortAnswer, toChange } from './protocol.ts';

export interface SyncReport {
  /** Changes the server accepted (created, updated or unchanged). */
  accepted: number;
  conflicts: number;
  invalid: number;
  photos: number;
  /** Photos the server refused for good (not an image, hash mismatch): the reasons. */
  photoErrors: string[];
  /** Changes pulled into the shared copy (stored + removed). */
  pulled: number;
  batches: number;
  pages: number;
  /** Confirmations and moderator decisions the server answered. */
  answers: number;
}

export interface SyncOptions {
  client: ApiClient;
  /** Batch size (≤ 500; tests use smaller ones). */
  batchSize?: number;
  pullPage?: number;
  /** Called between steps; returning true stops the run (the tab lost its lock, the page hides). */
  shouldStop?: () => boolean;
  onProgress?: (report: SyncReport) => void;
}

/** A guard against a loop that makes no progress (an entry acknowledged and re-queued forever). */
const MAX_BATCHES_PER_RUN = 1000;

async function deviceToken(db: ContrechampDb, client: ApiClient, fresh = false): Promise<string> {
  if (!fresh) {
    const token = await getMeta(db, 'deviceToken');
    if (token) return token;
  }
  const token = await client.registerDevice();
  await setMeta(db, 'deviceToken', token);
  return token;
}

/** Runs `call` with the device token; a 401 (server reset, token lost) registers again once. */
async function withToken<T>(db: ContrechampDb, client: ApiClient, call: (token: string) => Promise<T>): Promise<T> {
  const token = await deviceToken(db, client);
  try {
    return await call(token);
  } catch (error) {
    if (!(error instanceof SyncError) || error.key !== 'syncError.unauthorized') throw error;
    await deleteMeta(db, 'deviceToken');
    return call(await deviceToken(db, client, true));
  }
}

/** The next sendable outbox items: refused entries wait for an edit, damaged ones are marked once. */
async function nextItems(db: ContrechampDb, size: number): Promise<OutboxItem[]> {
  const entries = await listOutbox(db);
  const refused = entries.filter((e) => isRefused(e.lastError)).length;
  if (refused === entries.length) return [];
  const { items, damaged } = await outboxBatch(db, size + refused);
  const fresh = damaged.filter((d) => !isRefused(entries.find((e) => e.id === d.key)?.lastError));
  if (fresh.length) {
    for (const d of fresh) await recordFailure(db, [d.key], `${INVALID_PREFIX}damaged on this device: ${d.reason}`);
  }
  return buildBatch(items, size).items;
}

/**
 * Uploads the photos of accepted observations. Returns the acknowledgements whose photos are all
 * up. After a transient failure no further photo is tried: the observations still waiting for one
 * stay queued (re-sent next run, answered `unchanged`), the others are acknowledged.
 */
async function sendPhotos(
  db: ContrechampDb,
  client: ApiClient,
  accepted: readonly { item: OutboxItem; ack: Acknowledgement }[],
  report: SyncReport,
  sent: Set<string>,
): Promise<{ acks: Acknowledgement[]; error: SyncError | null }> {
  const acks: Acknowledgement[] = [];
  let stopped: SyncError | null = null;
  for (const { item, ack } of accepted) {
    const hashes = photosToSend(item.observation).filter((h) => !sent.has(h));
    if (stopped && hashes.length > 0) continue;
    try {
      for (const hash of hashes) {
        const photo = await getPhoto(db, hash);
        if (!photo) {
          // Pruned or never stored: nothing to send; the server shows the observation without it.
          report.photoErrors.push(`${hash.slice(0, 12)}…: missing on this device`);
        } else {
          try {
            await withToken(db, client, (token) => client.putPhoto(token, hash, photo.type, photo.data));
            report.photos++;
          } catch (error) {
            const e = toSyncError(error, 'sending a photo');
            if (e.transient || e.key === 'syncError.unauthorized' || e.key === 'syncError.store') throw e;
            // The server refused these bytes for good (not an image, too large): do not block the outbox on it.
            report.photoErrors.push(`${hash.slice(0, 12)}…: ${e.message}`);
          }
        }
        sent.add(hash);
      }
      acks.push(ack);
    } catch (error) {
      stopped = toSyncError(error, 'sending photos');
    }
  }
  return { acks, error: stopped };
}

/** Pushes every sendable change; throws the first error that stops the drain. */
export async function drainOutbox(db: ContrechampDb, options: SyncOptions, report: SyncReport = emptyReport()): Promise<SyncReport> {
  const { client, batchSize = MAX_BATCH_CHANGES, shouldStop } = options;
  const sentPhotos = new Set<string>();
  for (let n = 0; n < MAX_BATCHES_PER_RUN; n++) {
    if (shouldStop?.()) return report;
    const items = await nextItems(db, batchSize);
    if (items.length === 0) return report;
    const changes = items.map(toChange);
    const answer = await withToken(db, client, (token) => client.pushBatch(token, changes));
    report.batches++;
    let sorted;
    try {
      sorted = sortAnswer(items, answer);
    } catch (error) {
      throw toSyncError(error, 'reading the batch answer');
    }
    for (const { item, server, survivor } of sorted.conflicts) {
      try {
        await markConflict(db, server, new Date(), survivor);
      } catch (error) {
        // A server copy this client cannot read: keep mine queued as refused rather than lose it.
        await recordFailure(db, [item.observation.id], `${INVALID_PREFIX}conflict with an unreadable server copy: ${(error as Error).message}`);
      }
    }
    for (const { item, reason } of sorted.invalid) await recordFailure(db, [item.observation.id], `${INVALID_PREFIX}${reason}`);
    report.conflicts += sorted.conflicts.length;
    report.invalid += sorted.invalid.length;
    const { acks, error } = await sendPhotos(db, client, sorted.accepted, report, sentPhotos);
    await acknowledge(db, acks);
    report.accepted += acks.length;
    options.onProgress?.(report);
    if (error) throw error;
  }
  return report;
}

/**
 * Sends the answers and decisions made offline: confirmations in one batch with the device token,
 * each moderator decision on its own with the moderator token (a decision the server can never
 * apply, such as one on an id it does not know, is dropped rather than block the others). A
 * decision another moderator made first is kept for the moderator to read.
 */
export async function drainActions(db: ContrechampDb, options: SyncOptions, report: SyncReport = emptyReport()): Promise<SyncReport> {
  const { client, shouldStop } = options;
  const actions = await listActions(db);
  const confirmations = actions.filter((a) => a.type === 'confirmation').slice(0, LIMITS_MODERATION.batch);
  if (confirmations.length && !shouldStop?.()) {
    await withToken(db, client, (token) => client.postConfirmations(token, confirmations.map((a) => a.confirmation)));
    await removeActions(db, confirmations.map((a) => a.key));
    report.answers += confirmations.length;
  }
  const decisions = actions.filter((a) => a.type === 'decision');
  const moderatorToken = decisions.length ? await getMeta(db, 'moderatorToken') : undefined;
  if (!moderatorToken) return report;
  for (const action of decisions) {
    if (shouldStop?.()) return report;
    try {
      const results = await client.postDecisions(moderatorToken, [action.decision]);
      await rememberDecidedFirst(db, results);
    } catch (error) {
      const e = toSyncError(error, 'sending a decision');
      if (e.key !== 'syncError.protocol' || !e.details.status || e.details.status >= 500) throw e;
    }
    await removeActions(db, [action.key]);
    report.answers++;
  }
  return report;
}

/** Pulls every page after the stored cursor into the shared copy (page and cursor stored together). */
export async function pullShared(db: ContrechampDb, options: SyncOptions, report: SyncReport = emptyReport()): Promise<SyncReport> {
  const { client, pullPage = PULL_PAGE_DEFAULT, shouldStop } = options;
  for (;;) {
    if (shouldStop?.()) return report;
    const since = (await getMeta(db, 'syncCursor')) ?? '0';
    const page = await withToken(db, client, (token) => client.pullPage(token, since, pullPage));
    const result = await applyPulledPage(db, {
      observations: page.changes,
      publication: page.publication,
      dropped: page.dropped,
      recheckDays: page.recheckDays,
      next: page.next,
    });
    report.pages++;
    report.pulled += result.stored + result.removed;
    options.onProgress?.(report);
    if (!page.more || page.next === since) return report;
  }
}

export function emptyReport(): SyncReport {
  return { accepted: 0, conflicts: 0, invalid: 0, photos: 0, photoErrors: [], pulled: 0, batches: 0, pages: 0, answers: 0 };
}

/** The whole run: push, then pull. Errors come out as SyncErrors. */
export async function syncOnce(db: ContrechampDb, options: SyncOptions): Promise<SyncReport> {
  const report = emptyReport();
  try {
    await drainOutbox(db, options, report);
    await drainActions(db, options, report);
    await pullShared(db, options, report);
    return report;
  } catch (error) {
    throw toSyncError(error, 'syncing');
  }
}
