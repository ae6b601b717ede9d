/**
 * The service worker. Keeps the app shell in the Workbox precache (Cache Storage, one cache named
 * by Workbox, old revisions cleaned on activate) so a reload works offline; never caches /api.
 * It waits for the user before taking over from an older version (update prompt), and passes
 * Background Sync events on to the open pages, which own the outbox.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { SW_MESSAGES, SYNC_TAG } from '../core/sw-protocol.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

// Every in-app URL is answered with the precached shell; the server's API and files never are, nor
// the public page (/explore/), which the server answers itself.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/api\//, /^\/tiles\//, /^\/explore(\/|$)/, /\.[a-z0-9]+$/i],
  }),
);

// The first install takes the open page at once (no reload needed to be offline-ready). A later
// version waits until the user accepts the update prompt, which sends SKIP_WAITING.
clientsClaim();

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === SW_MESSAGES.skipWaiting) {
    void self.skipWaiting();
  }
});

// Background Sync (Chromium): the pages hold the outbox logic; wake them. If none is open the
// browser retries the sync later, which is what an unfinished waitUntil asks for.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((clients) => {
      if (clients.length === 0) throw new Error('no open page to drain the outbox; retry later');
      for (const client of clients) client.postMessage({ type: SW_MESSAGES.drainOutbox });
    }),
  );
}) as EventListener);
