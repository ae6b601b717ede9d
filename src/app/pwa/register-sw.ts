/**
 * Registers the service worker (src/sw/sw.ts, built to /sw.js) through workbox-window and tracks
 * its update state for the update prompt. Production builds only: the dev server has no SW.
 */
import { Workbox } from 'workbox-window';

export type SwState =
  /** No SW (dev server, unsupported browser) or still installing for the first time. */
  | 'idle'
  /** The first install finished: the app shell is cached and works offline. */
  | 'offline-ready'
  /** A new version is installed and waits for the user's consent to take over. */
  | 'update-waiting';

type Listener = (state: SwState) => void;

const UPDATE_CHECK_MS = 60 * 60 * 1000;

let workbox: Workbox | null = null;
let state: SwState = 'idle';
const listeners = new Set<Listener>();

function setState(next: SwState): void {
  state = next;
  for (const listener of listeners) listener(next);
}

/** Registers once; later calls return the same Workbox (or null where there is no SW). */
export function registerServiceWorker(): Workbox | null {
  if (workbox) return workbox;
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  workbox = wb;
  wb.addEventListener('installed', (event) => {
    if (!event.isUpdate) setState('offline-ready');
  });
  wb.addEventListener('waiting', () => setState('update-waiting'));
  void wb.register().catch((error: unknown) => {
    // Private mode or a blocked SW: the app still works online; say why in the console only.
    console.warn('service worker registration failed', error);
  });
  // Installed PWAs stay open for days: look for a new version now and then.
  setInterval(() => void wb.update().catch(() => undefined), UPDATE_CHECK_MS);
  return wb;
}

export function swState(): SwState {
  return state;
}

export function onSwState(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The user accepted the update: activate the waiting SW, then reload once it controls the page. */
export function applyUpdate(): void {
  const wb = workbox;
  if (!wb) return;
  wb.addEventListener('controlling', () => window.location.reload());
  wb.messageSkipWaiting();
}

/** Hides the banner until the next state change (e.g. the next update). */
export function dismissSwState(): void {
  setState('idle');
}
