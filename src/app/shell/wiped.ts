/**
 * Whether this page has just wiped the device. Once it has, the app must not reopen the database
 * or register the service worker again (a reload would do both): it shows a notice until the user
 * chooses to start afresh. Kept in memory only: a wiped device has nowhere else to keep it.
 */
import { useEffect, useState } from 'preact/hooks';

let wiped = false;
const listeners = new Set<() => void>();

export function markWiped(): void {
  wiped = true;
  for (const listener of listeners) listener();
}

export function useWiped(): boolean {
  const [value, setValue] = useState(wiped);
  useEffect(() => {
    const update = () => setValue(wiped);
    listeners.add(update);
    update();
    return () => void listeners.delete(update);
  }, []);
  return value;
}
