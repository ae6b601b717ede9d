/**
 * Progress of long exports and imports, and yielding to the event loop between chunks so the
 * progress bar moves and the page stays responsive. Yields at most once per frame's worth of work:
 * yielding after every chunk would cost a timer clamp (≥ 4 ms) each time.
 */

export type Progress = (done: number, total: number) => void;

/** Passes `items` through, calling `step` for each as it is consumed. */
export function* counting<T>(items: Iterable<T>, step: () => void): Generator<T, void, undefined> {
  for (const item of items) {
    step();
    yield item;
  }
}

const FRAME_MS = 16;
let lastYield = 0;

export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  // A message is a task without setTimeout's clamp (4 ms in browsers, 1 ms in Node) on each yield.
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** Yields if more than a frame of work ran since the last yield. */
export async function yieldIfDue(): Promise<void> {
  const now = performance.now();
  if (now - lastYield < FRAME_MS) return;
  await yieldToEventLoop();
  lastYield = performance.now();
}
