/**
 * Errors of the sync. A user meets each of them in the status line, so each carries a message key
 * (translated by the app: fr, nl, en); `message` adds what a developer needs.
 */

import { KeyedError } from '../core/keyed-error.ts';

export const SYNC_ERROR_KEYS = [
  /** No network, or the server could not be reached. */
  'syncError.network',
  /** The server failed (5xx). */
  'syncError.server',
  /** Too many requests (429), or the server is overloaded (503): we wait as it asks. */
  'syncError.busy',
  /** The server refused the device token even after registering again. */
  'syncError.unauthorized',
  /** The server address in settings is not a usable http(s) URL. */
  'syncError.badUrl',
  /** The server answered something that is not the protocol (another site at that address?). */
  'syncError.protocol',
  /** The local database failed while syncing. */
  'syncError.store',
  /** 403 device_blocked: the collective's moderators blocked this device; it keeps what it holds. */
  'syncError.blocked',
  /** The moderator token was refused (unknown, or a device token). */
  'syncError.moderatorRefused',
] as const;
export type SyncErrorKey = (typeof SYNC_ERROR_KEYS)[number];

export class SyncError extends KeyedError<SyncErrorKey> {
  override name = 'SyncError';

  constructor(
    key: SyncErrorKey,
    message: string,
    readonly details: { status?: number; code?: string; retryAfterMs?: number | null } = {},
    options?: { cause?: unknown },
  ) {
    super(key, message, options);
  }

  /** Worth retrying later on its own (network, 5xx, 429): the backoff takes care of it. */
  get transient(): boolean {
    return this.key === 'syncError.network' || this.key === 'syncError.server' || this.key === 'syncError.busy';
  }
}

export function toSyncError(error: unknown, doing: string): SyncError {
  if (error instanceof SyncError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && name.endsWith('StoreError')) {
    return new SyncError('syncError.store', `${doing}: ${(error as Error).message}`, {}, { cause: error });
  }
  if (error instanceof TypeError && /answer/.test(error.message)) {
    return new SyncError('syncError.protocol', `${doing}: ${error.message}`, {}, { cause: error });
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new SyncError('syncError.network', `${doing} failed: ${detail}`, {}, { cause: error });
}
