/**
 * When the first screen has been drawn. Work that competes with it for IndexedDB waits for this:
 * the sync's start reads the whole outbox (10,000 entries after a long offline walk), and in
 * Chromium one large read holds up every request queued behind it, the first rows' included.
 * Only a view that claims the first screen (the list, which shows its newest page first, and the
 * map, until MapLibre has drawn it) is waited for; on any other first view nothing waits.
 */
import type { ContrechampDb } from '../../store/db.ts';
import type { NewestRecords } from '../../store/newest-records.ts';
import { listRecentObservations } from '../../store/observations.ts';

/** A claiming view that never reports (a hidden tab draws no frames) holds nothing for long. */
const MAX_WAIT_MS = 2000;

type RecentRows = Awaited<ReturnType<typeof listRecentObservations>>;
/** The list's first read, started with the database's opening, until the list takes it. */
let startRead: { db: ContrechampDb; limit: number; rows: Promise<RecentRows> } | null = null;
let claimed = false;
let markShown: () => void = () => undefined;
const shown = new Promise<void>((resolve) => (markShown = resolve));

/** Called when the view that draws the first screen mounts, in the same render as the shell. */
export function claimFirstScreen(): void {
  claimed = true;
}

/** Called by that view once its first rows are painted (or failed to read). */
export function firstScreenShown(): void {
  startRead = null;
  markShown();
}

/**
 * Resolves once the first screen is drawn if a view claimed it by the end of the current render,
 * else at once (next task); never later than MAX_WAIT_MS.
 */
export function afterFirstScreen(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(() => {
      if (!claimed) return resolve();
      void shown.then(resolve);
      setTimeout(resolve, MAX_WAIT_MS);
    }, 0);
  });
}

/**
 * When the page opens on the list (render-app.tsx): claims the first screen for it before anything
 * renders (the shell's first render, before the database is open, has no list yet, and work that
 * asked then would not wait), and reads the newest `limit` observations the moment the database is
 * open, so the read runs while the shell renders instead of after it. `started`: their raw read,
 * already issued by the page's first script (database-opening.ts); it is checked here.
 */
export function readFirstRowsEarly(opening: Promise<ContrechampDb>, limit: number, started?: Promise<NewestRecords>): void {
  claimed = true;
  void opening.then((db) => {
    const rows = listRecentObservations(db, limit, started);
    rows.catch(() => undefined); // the list reports a failure when it takes the read
    startRead = { db, limit, rows };
  }, () => undefined);
  // Left before the list took it: a list opened later reads afresh.
  globalThis.addEventListener?.('hashchange', () => (startRead = null), { once: true });
}

/** The read started by readFirstRowsEarly for this database and limit, once (later reads are fresh); else a new one. */
export function firstRows(db: ContrechampDb, limit: number): Promise<RecentRows> {
  const early = startRead;
  startRead = null;
  return early && early.db === db && early.limit === limit ? early.rows : listRecentObservations(db, limit);
}
