/**
 * Change notifications: every write of the store tells the views of this tab and of other tabs
 * (BroadcastChannel 'contrechamp') which stores and ids changed, so lists and counts refresh.
 * Nothing is kept; a tab that was closed re-reads everything when it opens.
 */
import type { StoreName } from './db.ts';

export const CHANNEL_NAME = 'contrechamp';

export interface StoreChange {
  /** The stores written; 'all' after the device was wiped. */
  stores: readonly StoreName[] | 'all';
  /** The observation ids concerned, when the change is about particular observations. */
  ids?: readonly string[];
}

export type StoreChangeListener = (change: StoreChange) => void;

/** Other modules (sync) share the channel, so store messages carry their own tag. */
interface StoreMessage {
  scope: 'store';
  change: StoreChange;
}

const listeners = new Set<StoreChangeListener>();
let channel: BroadcastChannel | null = null;

function isStoreMessage(data: unknown): data is StoreMessage {
  return typeof data === 'object' && data !== null && (data as { scope?: unknown }).scope === 'store';
}

function deliver(change: StoreChange): void {
  // A throwing listener must not break the write that triggered it, nor the other listeners.
  for (const listener of listeners) queueMicrotask(() => listener(change));
}

function openChannel(): BroadcastChannel | null {
  if (channel) return channel;
  if (typeof BroadcastChannel === 'undefined') return null;
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent) => {
    if (isStoreMessage(event.data)) deliver(event.data.change);
  };
  // Node (tests) would otherwise stay alive for the channel; browsers have no unref.
  (channel as { unref?: () => void }).unref?.();
  return channel;
}

/** Listens to changes made by this tab and by others. Returns the function that stops listening. */
export function onStoreChange(listener: StoreChangeListener): () => void {
  listeners.add(listener);
  openChannel();
  return () => {
    listeners.delete(listener);
  };
}

/** Called by the store after a transaction has committed. */
export function notifyChange(change: StoreChange): void {
  deliver(change);
  const message: StoreMessage = { scope: 'store', change };
  try {
    openChannel()?.postMessage(message);
  } catch {
    // A closed channel (page unloading) only loses a refresh hint.
  }
}

/** Closes the channel (tests, and wipe, so nothing keeps the page busy). */
export function closeChangeChannel(): void {
  channel?.close();
  channel = null;
}
