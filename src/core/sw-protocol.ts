/** Messages between the pages and the service worker, and the Background Sync tag (shared by sw, sync and app). */
export const SW_MESSAGES = {
  /** page → SW: the user accepted the update; activate the waiting version now. */
  skipWaiting: 'SKIP_WAITING',
  /** SW → pages: Background Sync fired; drain the outbox. */
  drainOutbox: 'DRAIN_OUTBOX',
} as const;

/** The tag pages register with `registration.sync.register(SYNC_TAG)`. */
export const SYNC_TAG = 'contrechamp-outbox';
