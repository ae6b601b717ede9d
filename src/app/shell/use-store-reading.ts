/**
 * A value read from the device's stores and read again whenever a store notice (from this tab or
 * another) says one of `stores` was written, or the device was wiped. Answers `initial` until the
 * first read lands; a failed read keeps the last value. A read that lands after the component went
 * away, or after `deps` changed, is dropped.
 */
import { useEffect, useState } from 'preact/hooks';
import { onStoreNotice } from '../../store/notices.ts';
import type { StoreName } from '../../store/db.ts';

export function useStoreReading<T>(read: (() => Promise<T>) | null, stores: readonly StoreName[], initial: T, deps: readonly unknown[]): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    if (!read) return;
    let live = true;
    const load = () =>
      read().then(
        (v) => live && setValue(() => v),
        () => undefined,
      );
    void load();
    const stop = onStoreNotice((n) => {
      if (n.stores === 'all' || n.stores.some((s) => stores.includes(s))) void load();
    });
    return () => {
      live = false;
      stop();
    };
    // The caller's deps say when `read` means something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
