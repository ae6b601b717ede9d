/**
 * Work that can wait for the screen: run once the next frame has been drawn, so a confirmation
 * ("saved") is on screen before re-reads and view changes take the main thread.
 */

/** A hidden tab draws no frames: past this, the wait ends anyway (ms). */
const PAINT_WAIT_MAX_MS = 500;
/** Past this, idle work runs even on a busy page (ms). */
const IDLE_WAIT_MAX_MS = 250;

/** Resolves once the next frame has been drawn (a task after the animation frame runs after paint). */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const raf = globalThis.requestAnimationFrame;
    if (!raf) {
      setTimeout(resolve, 0);
      return;
    }
    const fallback = setTimeout(resolve, PAINT_WAIT_MAX_MS);
    raf(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

/**
 * Runs `run` after the next paint, once the tasks queued by then (a view change) have run: in an
 * idle period, or after IDLE_WAIT_MAX_MS at the latest. Returns the function that cancels it.
 */
export function whenIdleAfterPaint(run: () => void): () => void {
  let cancelled = false;
  const go = () => {
    if (!cancelled) run();
  };
  void afterNextPaint().then(() => {
    if (cancelled) return;
    const idle = globalThis.requestIdleCallback;
    if (idle) idle(go, { timeout: IDLE_WAIT_MAX_MS });
    else setTimeout(go, 0);
  });
  return () => {
    cancelled = true;
  };
}
