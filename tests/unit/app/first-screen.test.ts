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

it('holds a read issued at start for its view, hands it over once, and drops it when the page first changes route', async () => {
  const target = new EventTarget();
  vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
  try {
    const { holdReadAtStart, takeReadAtStart } = await fresh();
    const records = Promise.resolve({ newest: [], all: true });
    const points = Promise.resolve([]);
    holdReadAtStart('list', { limit: 12, records });
    holdReadAtStart('map', points);
    expect(takeReadAtStart('list')).toEqual({ limit: 12, records });
    expect(takeReadAtStart('list')).toBeNull(); // later reads are fresh
    target.dispatchEvent(new Event('hashchange'));
    expect(takeReadAtStart('map')).toBeNull(); // left before the map took it
  } finally {
    vi.unstubAllGlobals();
  }
});

it('a page that opens on the list issues its first rows\' read with the database, and claims the first screen before anything renders', async () => {
  const db = { name: 'opened' };
  const reads: unknown[] = [];
  vi.doMock('../../../src/store/db.ts', () => ({ openDb: () => Promise.resolve(db) }));
  vi.doMock('../../../src/store/newest-records.ts', () => ({
    readNewestRecords: (on: unknown, span: number) => {
      reads.push({ on, span });
      return Promise.resolve({ newest: [], all: true });
    },
  }));
  vi.stubGlobal('location', { hash: '#/list' });
  try {
    vi.resetModules();
    const { afterFirstScreen, firstScreenShown, takeReadAtStart } = await import('../../../src/app/shell/first-screen.ts');
    const { FIRST_SCREEN_ROWS } = await import('../../../src/app/review/list-filters.ts');
    await import('../../../src/app/shell/database-opening.ts');
    const wait = settled(afterFirstScreen());
    await vi.advanceTimersByTimeAsync(500);
    expect(wait.done).toBe(false);
    const held = takeReadAtStart('list');
    expect(held?.limit).toBe(FIRST_SCREEN_ROWS);
    expect(await held?.records).toEqual({ newest: [], all: true });
    expect(reads).toEqual([{ on: db, span: FIRST_SCREEN_ROWS }]);
    expect(takeReadAtStart('map')).toBeNull();
    firstScreenShown();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.done).toBe(true);
  } finally {
    vi.unstubAllGlobals();
    vi.doUnmock('../../../src/store/db.ts');
    vi.doUnmock('../../../src/store/newest-records.ts');
  }
});
