/**
 * When the first screen has been drawn. Work that competes with it for IndexedDB waits for this:
 * the sync's start reads the whole outbox (10,000 entries after a long offline walk), and in
 * Chromium one large read holds up every request queued behind it, the first rows' included.
 * Only a view that claims the first screen (the list, which shows its newest page first) is
 * waited for; on any other first view nothing waits.
 */

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
export const firstScreenShown = (): void => markShown();

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
