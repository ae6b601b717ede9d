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

it('hands the list the read started with the database (checking the raw read the first script began), once, for that database and size; a route change first drops it', async () => {
  const reads: unknown[] = [];
  vi.doMock('../../../src/store/observations.ts', () => ({
    listRecentObservations: (db: unknown, limit: number, started?: unknown) => {
      reads.push(started ? { db, limit, started } : { db, limit });
      return Promise.resolve({ observations: [], damaged: [] });
    },
  }));
  const target = new EventTarget();
  vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
  try {
    type Db = Parameters<FirstScreen['firstRows']>[0];
    const db = {} as Db;
    const { readFirstRowsEarly, firstRows } = await fresh();
    const started = Promise.resolve({ newest: [], all: true });
    readFirstRowsEarly(Promise.resolve(db), 20, started);
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toEqual([{ db, limit: 20, started }]);
    expect((reads[0] as { started: unknown }).started).toBe(started);
    await firstRows(db, 20); // the early read
    expect(reads).toHaveLength(1);
    await firstRows(db, 20); // later ones read afresh
    expect(reads).toHaveLength(2);

    readFirstRowsEarly(Promise.resolve(db), 20);
    await vi.advanceTimersByTimeAsync(0);
    await firstRows({} as Db, 20); // another database
    expect(reads).toHaveLength(4);

    readFirstRowsEarly(Promise.resolve(db), 20);
    await vi.advanceTimersByTimeAsync(0);
    target.dispatchEvent(new Event('hashchange'));
    await firstRows(db, 20);
    expect(reads).toHaveLength(6);
  } finally {
    vi.unstubAllGlobals();
    vi.doUnmock('../../../src/store/observations.ts');
  }
});

it('a page that opens on the list claims the first screen before anything renders', async () => {
  const { afterFirstScreen, firstScreenShown, readFirstRowsEarly } = await fresh();
  readFirstRowsEarly(new Promise(() => undefined), 20);
  const wait = settled(afterFirstScreen());
  await vi.advanceTimersByTimeAsync(500);
  expect(wait.done).toBe(false);
  firstScreenShown();
  await vi.advanceTimersByTimeAsync(0);
  expect(wait.done).toBe(true);
});
