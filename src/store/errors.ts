/**
 * Errors of the store. A user can meet every one of them, so each carries a message key that the UI
 * translates (fr, nl, en); `message` adds the detail a developer needs.
 */

import { KeyedError } from '../core/keyed-error.ts';

export const STORE_ERROR_KEYS = [
  'store.quota',
  'store.damaged',
  'store.notFound',
  'store.stale',
  'store.invalid',
  'store.failed',
] as const;
export type StoreErrorKey = (typeof STORE_ERROR_KEYS)[number];

export class StoreError extends KeyedError<StoreErrorKey> {
  override name = 'StoreError';
}

/** Browsers name a full disk differently: the standard name, old Firefox's, and the legacy code 22. */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
}

/** Maps anything thrown by IndexedDB to a StoreError; StoreErrors pass through unchanged. */
export function toStoreError(error: unknown, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  if (isQuotaError(error)) {
    return new StoreError('store.quota', `${doing}: the device storage is full`, { cause: error });
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StoreError('store.failed', `${doing} failed: ${detail}`, { cause: error });
}
