/**
 * Views that show what the stores hold, kept current by store notices (this tab's and other tabs').
 * A re-read waits until the screen has been drawn and the page is idle (whenIdleAfterPaint), and
 * the notices that arrive meanwhile make one re-read: "saved" is painted before anything re-reads,
 * and a view that goes away meanwhile (the form after a save) never re-reads.
 */
import { useEffect, useState } from 'preact/hooks';
import { onStoreNotice, type StoreNotice } from '../../store/notices.ts';
import type { StoreName } from '../../store/db.ts';
import { whenIdleAfterPaint } from './after-paint.ts';

/** Which notices concern a reading: the stores it reads (a wipe concerns all), or a test of the notice. */
export type NoticeFilter = readonly StoreName[] | ((notice: StoreNotice) => boolean);

function concerns(filter: NoticeFilter, notice: StoreNotice): boolean {
  if (typeof filter === 'function') return filter(notice);
  return notice.stores === 'all' || notice.stores.some((s) => filter.includes(s));
}

/** Calls `reload` once after the notices that concern `filter`, when the page is idle after the next paint. Returns the function that stops it. */
export function onStoreChange(filter: NoticeFilter, reload: () => void): () => void {
  let pending: (() => void) | null = null;
  const stop = onStoreNotice((notice) => {
    if (pending || !concerns(filter, notice)) return;
    pending = whenIdleAfterPaint(() => {
      pending = null;
      reload();
    });
  });
  return () => {
    stop();
    pending?.();
  };
}

/**
 * A value read from the stores, read again (onStoreChange) after the notices that concern it.
 * Answers `initial` until the first read lands; a failed read keeps the last value. A read that
 * lands after the component went away, after `deps` changed or after a newer read started is dropped.
 */
export function useStoreReading<T>(read: (() => Promise<T>) | null, filter: NoticeFilter, initial: T, deps: readonly unknown[]): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    if (!read) return;
    let live = true;
    let generation = 0;
    const load = () => {
      const mine = ++generation;
      read().then(
        (v) => live && mine === generation && setValue(() => v),
        () => undefined,
      );
    };
    load();
    const stop = onStoreChange(filter, load);
    return () => {
      live = false;
      stop();
    };
    // The caller's deps say when `read` (or `filter`) means something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
