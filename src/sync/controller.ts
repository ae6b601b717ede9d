/**
 * When to sync, and one tab at a time. Triggers: the app start, the `online` event, the page
 * becoming visible, a timer, a change saved in any tab, Background Sync (the service worker wakes
 * the pages with DRAIN_OUTBOX), and "sync now". Failures are retried with full-jitter backoff
 * honouring Retry-After. A run holds the Web Lock `contrechamp-sync` (taken with ifAvailable: a
 * tab that finds it held leaves the work to the tab holding it). Keeps nothing itself but timers
 * and the in-memory status; what lasts is in the store (outbox, meta `lastSync`).
 */
import { SW_MESSAGES, SYNC_TAG } from '../core/sw-protocol.ts';
import { onStoreNotice, type StoreNotice } from '../store/notices.ts';
import type { ContrechampDb } from '../store/db.ts';
import { getMeta } from '../store/meta.ts';
import { ApiClient, type FetchLike } from './api-client.ts';
import { retryDelay } from './backoff.ts';
import { syncOnce, type SyncReport } from './engine.ts';
import { SyncError, toSyncError } from './errors.ts';
import { readSyncStatus, recordRun, type StoredSyncStatus } from './status.ts';

export const LOCK_NAME = 'contrechamp-sync';
/** A sync every 5 minutes while the app is open: the shared map stays fresh. */
export const PERIODIC_MS = 5 * 60 * 1000;
/** A saved change goes up this long after the last save (a burst of saves is one run). */
export const AFTER_CHANGE_MS = 2000;
/** Another tab holds the lock: look again this much later, in case it finished before our change. */
export const BUSY_RETRY_MS = 15_000;

export interface SyncStatus extends StoredSyncStatus {
  /** A run is going on (in this tab). */
  running: boolean;
  online: boolean;
  /** When the next automatic try is planned after a failure. */
  nextRetryAt: string | null;
}

export type RunResult = 'done' | 'busy' | 'offline' | 'failed';

interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

interface EventSource {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/** The browser as the controller sees it; tests pass their own. */
export interface SyncEnvironment {
  isOnline: () => boolean;
  isVisible: () => boolean;
  window: EventSource | null;
  document: EventSource | null;
  locks: LockManagerLike | null;
  serviceWorker: (EventSource & { ready: Promise<{ sync?: { register(tag: string): Promise<void> } }> }) | null;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  now: () => Date;
  random: () => number;
  /** The app's own origin: the server address when settings hold none. */
  origin: string;
  /**
   * When given, the status is read again after store notices through it (the app: once the page
   * is idle after the next paint, so a save's "saved" is drawn first); otherwise at once.
   */
  later?: (run: () => void) => void;
}

export function browserEnvironment(): SyncEnvironment {
  const nav = typeof navigator === 'undefined' ? null : navigator;
  return {
    isOnline: () => nav?.onLine ?? true,
    isVisible: () => typeof document === 'undefined' || document.visibilityState === 'visible',
    window: typeof window === 'undefined' ? null : window,
    document: typeof document === 'undefined' ? null : document,
    locks: (nav?.locks as LockManagerLike | undefined) ?? null,
    serviceWorker: nav && 'serviceWorker' in nav ? (nav.serviceWorker as unknown as SyncEnvironment['serviceWorker']) : null,
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => new Date(),
    random: Math.random,
    origin: typeof location === 'undefined' ? 'http://127.0.0.1' : location.origin,
  };
}

export interface ControllerOptions {
  env?: Partial<SyncEnvironment>;
  fetch?: FetchLike;
  periodicMs?: number;
  afterChangeMs?: number;
}

export class SyncController {
  private readonly env: SyncEnvironment;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private current: SyncStatus;
  private running = false;
  private runAgain = false;
  private attempt = 0;
  private retryTimer: unknown = null;
  private changeTimer: unknown = null;
  private periodicTimer: unknown = null;
  private stops: (() => void)[] = [];
  private refreshing: Promise<void> | null = null;
  private refreshQueued = false;
  private refreshPlanned = false;

  constructor(
    private readonly db: ContrechampDb,
    private readonly options: ControllerOptions = {},
  ) {
    this.env = { ...browserEnvironment(), ...options.env };
    this.current = {
      pending: 0,
      decisions: 0,
      refused: [],
      conflicts: 0,
      lastSuccessAt: null,
      lastError: null,
      running: false,
      online: this.env.isOnline(),
      nextRetryAt: null,
    };
  }

  status(): SyncStatus {
    return this.current;
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  private publish(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }

  /** Reads the stored status again (coalesced: a burst of changes is one read after the current one). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshQueued = true;
      return this.refreshing;
    }
    this.refreshing = readSyncStatus(this.db)
      .then(
        (stored) => this.publish({ ...stored, online: this.env.isOnline() }),
        () => undefined,
      )
      .finally(() => {
        this.refreshing = null;
        if (this.refreshQueued) {
          this.refreshQueued = false;
          void this.refresh();
        }
      });
    return this.refreshing;
  }

  /** refresh() through env.later, once for the notices that arrive meanwhile. */
  private refreshLater(): void {
    const later = this.env.later;
    if (!later) {
      void this.refresh();
      return;
    }
    if (this.refreshPlanned) return;
    this.refreshPlanned = true;
    later(() => {
      this.refreshPlanned = false;
      void this.refresh();
    });
  }

  /** Attaches every trigger and syncs once (app start). Returns the function that detaches them. */
  start(): () => void {
    const { env } = this;
    const on = (target: EventSource | null, type: string, listener: (event: Event) => void) => {
      if (!target) return;
      target.addEventListener(type, listener);
      this.stops.push(() => target.removeEventListener(type, listener));
    };
    on(env.window, 'online', () => {
      this.attempt = 0;
      void this.run();
    });
    on(env.window, 'offline', () => this.publish({ online: false }));
    on(env.document, 'visibilitychange', () => {
      if (env.isVisible()) void this.run();
    });
    on(env.serviceWorker, 'message', (event) => {
      const data = (event as MessageEvent).data as { type?: unknown } | null;
      if (data?.type === SW_MESSAGES.drainOutbox) void this.run();
    });
    this.stops.push(onStoreNotice((notice) => this.onStoreNotice(notice)));
    const tick = () => {
      this.periodicTimer = env.setTimeout(tick, this.options.periodicMs ?? PERIODIC_MS);
      if (env.isVisible() && this.retryTimer === null) void this.run();
    };
    this.periodicTimer = env.setTimeout(tick, this.options.periodicMs ?? PERIODIC_MS);
    void this.refresh().then(() => this.run());
    return () => this.stop();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    for (const timer of [this.retryTimer, this.changeTimer, this.periodicTimer]) if (timer !== null) this.env.clearTimeout(timer);
    this.retryTimer = this.changeTimer = this.periodicTimer = null;
  }

  private onStoreNotice(notice: StoreNotice): void {
    const stores = notice.stores;
    if (stores === 'all' || stores.some((s) => s === 'outbox' || s === 'sync' || s === 'meta' || s === 'actions')) this.refreshLater();
    // A saved or deleted observation (any tab): send it soon, unless a backoff is already planned.
    const saved = stores !== 'all' && ((stores.includes('observations') && stores.includes('outbox')) || stores.includes('actions'));
    if (!saved || this.running || this.retryTimer !== null) return;
    if (this.changeTimer !== null) this.env.clearTimeout(this.changeTimer);
    this.changeTimer = this.env.setTimeout(() => {
      this.changeTimer = null;
      void this.run();
    }, this.options.afterChangeMs ?? AFTER_CHANGE_MS);
  }

  /** "Sync now": forgets the backoff and runs at once. */
  syncNow(): Promise<RunResult> {
    this.attempt = 0;
    return this.run();
  }

  /** A client for the server in settings (the moderation view's calls). */
  async apiClient(): Promise<ApiClient> {
    return new ApiClient(await this.serverUrl(), this.options.fetch);
  }

  private async serverUrl(): Promise<string> {
    return (await getMeta(this.db, 'serverUrl')) ?? this.env.origin;
  }

  private async withLock<T>(body: () => Promise<T>): Promise<T | null> {
    const locks = this.env.locks;
    // No Web Locks (old browsers, Node): this tab is the only one that can sync anyway.
    if (!locks) return body();
    return locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => (lock === null ? null : body()));
  }

  /** One run now (if online and no other run is going on in this tab). */
  async run(): Promise<RunResult> {
    if (this.running) {
      this.runAgain = true;
      return 'busy';
    }
    const { env } = this;
    if (!env.isOnline()) {
      this.publish({ online: false });
      this.askBackgroundSync();
      return 'offline';
    }
    if (this.retryTimer !== null) env.clearTimeout(this.retryTimer);
    if (this.changeTimer !== null) env.clearTimeout(this.changeTimer);
    this.retryTimer = this.changeTimer = null;
    this.running = true;
    this.publish({ running: true, online: true, nextRetryAt: null });
    let result: RunResult = 'done';
    try {
      const report = await this.withLock(async (): Promise<SyncReport> => {
        const client = new ApiClient(await this.serverUrl(), this.options.fetch);
        return syncOnce(this.db, { client });
      });
      if (report === null) {
        result = 'busy';
        this.schedule(BUSY_RETRY_MS);
      } else {
        this.attempt = 0;
        await recordRun(this.db, env.now(), null).catch(() => undefined);
      }
    } catch (error) {
      result = 'failed';
      const e = toSyncError(error, 'syncing');
      await recordRun(this.db, env.now(), { key: e.key, message: e.message }).catch(() => undefined);
      this.retryAfter(e);
    } finally {
      this.running = false;
      // The run's end and what it left in the store reach the subscribers together.
      const stored = await readSyncStatus(this.db).catch(() => null);
      this.publish({ ...stored, running: false, online: env.isOnline() });
    }
    if (this.runAgain) {
      this.runAgain = false;
      if (result === 'done') return this.run();
    }
    return result;
  }

  /** Plans the next try after a failure: backoff for transient errors, the periodic timer otherwise. */
  private retryAfter(error: SyncError): void {
    if (!error.transient && error.key !== 'syncError.store') return;
    const delay = retryDelay(this.attempt, error.details.retryAfterMs ?? null, this.env.random);
    this.attempt++;
    this.schedule(delay);
    if (error.key === 'syncError.network') this.askBackgroundSync();
  }

  private schedule(delayMs: number): void {
    if (this.retryTimer !== null) this.env.clearTimeout(this.retryTimer);
    this.retryTimer = this.env.setTimeout(() => {
      this.retryTimer = null;
      void this.run();
    }, delayMs);
    this.publish({ nextRetryAt: new Date(this.env.now().getTime() + delayMs).toISOString() });
  }

  /** Where the browser has Background Sync, it wakes the service worker once the network is back. */
  private askBackgroundSync(): void {
    const sw = this.env.serviceWorker;
    if (!sw || this.current.pending === 0) return;
    sw.ready.then((registration) => registration.sync?.register(SYNC_TAG)).catch(() => undefined);
  }
}
