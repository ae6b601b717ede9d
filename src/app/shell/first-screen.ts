/**
 * When the first screen has been drawn. Work that competes with it for IndexedDB waits for this:
 * the sync's start reads the whole outbox (10,000 entries after a long offline walk), and in
 * Chromium one large read holds up every request queued behind it, the first rows' included.
 */

/** A view that never reports (map, form, settings) must not hold the sync back for long. */
const MAX_WAIT_MS = 1000;

let markShown: () => void = () => undefined;
const shown = new Promise<void>((resolve) => (markShown = resolve));

/** Called by the view that draws the first screen, once its first rows are painted (or failed). */
export const firstScreenShown = (): void => markShown();

/** Resolves once the first screen is drawn, or after MAX_WAIT_MS at most. */
export function afterFirstScreen(): Promise<void> {
  return Promise.race([shown, new Promise<void>((resolve) => setTimeout(resolve, MAX_WAIT_MS))]);
}
