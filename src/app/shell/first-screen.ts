/**
 * When the first screen has been drawn. Work that competes with it for IndexedDB waits for this:
 * the sync's start reads the whole outbox (10,000 entries after a long offline walk), and in
 * Chromium one large read holds up every request queued behind it, the first rows' included.
 * Only a view that claims the first screen (the list, which shows its newest page first, and the
 * map, until MapLibre has drawn it) is waited for; on any other first view nothing waits.
 * Also the reads issued at start for the view the page opened on, held until it takes them. Part of
 * the page's first chunk (database-opening.ts): type-only imports, so no schemas, no preact.
 */
import type { NewestRecords } from '../../store/newest-records.ts';
import type { ResolvedBasemap } from '../map/basemap.ts';

/** A claiming view that never reports (a hidden tab draws no frames) holds nothing for long. */
const MAX_WAIT_MS = 2000;

let claimed = false;
let markShown: () => void = () => undefined;
const shown = new Promise<void>((resolve) => (markShown = resolve));

/** Called when the view that draws the first screen mounts, in the same render as the shell. */
export function claimFirstScreen(): void {
  claimed = true;
}

/** Called by that view once its first rows are painted (or failed to read). */
export function firstScreenShown(): void {
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
 * The reads issued at the page's start for the view it opened on (database-opening.ts, from the
 * moment the database is open; main.tsx for the basemap), raw: the view checks each record when it
 * takes them.
 */
export interface ReadsAtStart {
  /** The list's `limit` newest records (readNewestRecords). */
  list: { limit: number; records: Promise<NewestRecords> };
  /** The map's points (readMapPointRecords). */
  map: Promise<unknown[]>;
  /** The map's basemap lookup (create-map.ts prepareMap). */
  basemap: Promise<ResolvedBasemap>;
}

const held: { [V in keyof ReadsAtStart]?: ReadsAtStart[V] } = {};

/**
 * Holds `read` for `view` until that view takes it. Dropped when the page first leaves for another
 * route (a view opened later reads afresh: the stores may have changed since).
 */
export function holdReadAtStart<V extends keyof ReadsAtStart>(view: V, read: ReadsAtStart[V]): void {
  held[view] = read;
  globalThis.addEventListener?.('hashchange', () => delete held[view], { once: true });
}

/** The read held for `view`, once (later calls, and any after a route change, get null). */
export function takeReadAtStart<V extends keyof ReadsAtStart>(view: V): ReadsAtStart[V] | null {
  const read = held[view];
  delete held[view];
  return read ?? null;
}
