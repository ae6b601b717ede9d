/** The sync's start waits for the list's first screen, and only when the list claimed it. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

type FirstScreen = typeof import('../../../src/app/shell/first-screen.ts');
const fresh = async (): Promise<FirstScreen> => {
  vi.resetModules();
  return import('../../../src/app/shell/first-screen.ts');
};
const settled = (p: Promise<void>) => {
  const state = { done: false };
  void p.then(() => (state.done = true));
  return state;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('resolves at once when no view claimed the first screen', async () => {
  const { afterFirstScreen } = await fresh();
  const wait = settled(afterFirstScreen());
  await vi.advanceTimersByTimeAsync(1);
  expect(wait.done).toBe(true);
});

it('waits for the claiming view to report its first screen', async () => {
  const { afterFirstScreen, claimFirstScreen, firstScreenShown } = await fresh();
  claimFirstScreen();
  const wait = settled(afterFirstScreen());
  await vi.advanceTimersByTimeAsync(500);
  expect(wait.done).toBe(false);
  firstScreenShown();
  await vi.advanceTimersByTimeAsync(0);
  expect(wait.done).toBe(true);
});

it('does not wait forever for a claiming view that never reports', async () => {
  const { afterFirstScreen, claimFirstScreen } = await fresh();
  claimFirstScreen();
  const wait = settled(afterFirstScreen());
  await vi.advanceTimersByTimeAsync(1000);
  expect(wait.done).toBe(false);
  await vi.advanceTimersByTimeAsync(5000);
  expect(wait.done).toBe(true);
});
