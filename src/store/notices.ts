/**
 * Store notices: every write of the store tells the views of this tab and of other tabs
 * (BroadcastChannel 'contrechamp') which stores and ids changed, so lists and counts refresh.
 * Nothing is kept; a tab that was closed re-reads everything when it opens.
 */
import type { StoreName } from './db.ts';

export const CHANNEL_NAME = 'contrechamp';

export interface StoreNotice {
  /** The stores written; 'all' after the device was wiped. */
  stores: readonly StoreName[] | 'all';
  /** The observation ids concerned, when the notice is about particular observations. */
  ids?: readonly string[];
}

export type StoreNoticeListener = (notice: StoreNotice) => void;

/** Other modules (sync) share the channel, so store messages carry their own tag. */
interface StoreMessage {
  scope: 'store';
  /** The notice (the field keeps the name other tabs already read). */
  change: StoreNotice;
}

const listeners = new Set<StoreNoticeListener>();
let channel: BroadcastChannel | null = null;

function isStoreMessage(data: unknown): data is StoreMessage {
  return typeof data === 'object' && data !== null && (data as { scope?: unknown }).scope === 'store';
}

function deliver(notice: StoreNotice): void {
  // A throwing listener must not break the write that triggered it, nor the other listeners.
  for (const listener of listeners) queueMicrotask(() => listener(notice));
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
export function onStoreNotice(listener: StoreNoticeListener): () => void {
  listeners.add(listener);
  openChannel();
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Called by the store after a transaction has committed. Other tabs are told in a later task: the
 * post (a structured clone and a message to the browser) is kept out of the write's own time.
 */
export function postNotice(notice: StoreNotice): void {
  deliver(notice);
  const target = openChannel();
  if (!target) return;
  const message: StoreMessage = { scope: 'store', change: notice };
  setTimeout(() => {
    try {
      target.postMessage(message);
    } catch {
      // A closed channel (page unloading, wipe) only loses a refresh hint.
    }
  }, 0);
}

/** Closes the channel (tests, and wipe, so nothing keeps the page busy). */
export function closeNoticeChannel(): void {
  channel?.close();
  channel = null;
}
