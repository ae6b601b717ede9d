/**
 * The controller's triggers, lock and retry planning, with a fake browser environment (events,
 * timers, locks) and a fake server answer, so no clock is involved.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SW_MESSAGES, SYNC_TAG } from '../../../src/core/sw-protocol.ts';
import { queueAction } from '../../../src/store/actions.ts';
import { getMeta, setMeta } from '../../../src/store/meta.ts';
import { saveObservation } from '../../../src/store/observations.ts';
import { pendingCount } from '../../../src/store/outbox.ts';
import type { FetchLike } from '../../../src/sync/api-client.ts';
import { AFTER_CHANGE_MS, BUSY_RETRY_MS, SyncController, type SyncEnvironment } from '../../../src/sync/controller.ts';
import { makeObservation, useFreshDb } from '../store/fixtures.ts';

const { db } = useFreshDb();

class Target {
  private listeners = new Map<string, Set<(e: Event) => void>>();
  addEventListener(type: string, l: (e: Event) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(l);
  }
  removeEventListener(type: string, l: (e: Event) => void) {
    this.listeners.get(type)?.delete(l);
  }
  fire(type: string, event: Event = new Event(type)) {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
  count(type: string) {
    return this.listeners.get(type)?.size ?? 0;
  }
}

interface Timer {
  fn: () => void;
  ms: number;
}

function fakeEnv(overrides: Partial<SyncEnvironment> = {}) {
  const timers = new Set<Timer>();
  const win = new Target();
  const doc = new Target();
  const sw = Object.assign(new Target(), { registered: [] as string[] });
  const state = { online: true, visible: true, lockHeld: false };
  const env: SyncEnvironment = {
    isOnline: () => state.online,
    isVisible: () => state.visible,
    window: win,
    document: doc,
    locks: {
      request: async (_name, _opts, cb) => cb(state.lockHeld ? null : {}),
    },
    serviceWorker: Object.assign(sw, {
      ready: Promise.resolve({ sync: { register: async (tag: string) => void sw.registered.push(tag) } }),
    }),
    setTimeout: (fn, ms) => {
      const t = { fn, ms };
      timers.add(t);
      return t;
    },
    clearTimeout: (t) => void timers.delete(t as Timer),
    now: () => new Date('2026-11-28T12:00:00Z'),
    random: () => 0.5,
    origin: 'http://127.0.0.1:1',
    ...overrides,
  };
  /** Fires the timers planned with exactly `ms` (a fake clock jump). */
  const fire = (ms: number) => {
    // A copy: a fired timer may plan the next one.
    for (const t of Array.from(timers)) {
      if (t.ms !== ms) continue;
      timers.delete(t);
      t.fn();
    }
  };
  return { env, timers, win, doc, sw, state, fire };
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** A server that registers devices, answers batches by a script, and pulls nothing. */
function fakeServer(batchAnswers: ((changes: { id: string }[]) => Answer)[]) {
  const calls: string[] = [];
  const fetchFn: FetchLike = async (url, init) => {
    const path = new URL(url).pathname;
    calls.push(`${init?.method ?? 'GET'} ${path}`);
    const json = (a: Answer) => new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json', ...a.headers } });
    if (path.endsWith('/devices')) return json({ status: 201, body: { token: 't'.repeat(43) } });
    if (path.endsWith('/observations')) return json({ status: 200, body: { changes: [], next: '0', more: false } });
    if (path.endsWith('/confirmations')) {
      const { confirmations } = JSON.parse(String(init?.body)) as { confirmations: { id: string }[] };
      return json({ status: 200, body: { results: confirmations.map((c) => ({ id: c.id, status: 'counted', state: 'published' })) } });
    }
    if (path.endsWith('/moderation/decisions')) {
      const { decisions } = JSON.parse(String(init?.body)) as { decisions: { id: string }[] };
      return json({ status: 200, body: { results: decisions.map((d) => ({ id: d.id, status: 'applied', state: 'published' })) } });
    }
    const { changes } = JSON.parse(String(init?.body)) as { changes: { id: string }[] };
    const next = batchAnswers.shift() ?? ((c) => ({ status: 200, body: { results: c.map((x) => ({ id: x.id, status: 'created', version: 1 })) } }));
    return json(next(changes));
  };
  return { calls, fetchFn };
}

let controller: SyncController | null = null;
afterEach(() => {
  controller?.stop();
  controller = null;
});

const settle = () => new Promise((r) => setTimeout(r, 30));

/** Waits (up to a few seconds of real time) for the async work a trigger started. */
async function until(probe: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`expected ${what}`);
}

describe('SyncController', () => {
  it('syncs at start and on `online`, and tells the status subscribers', async () => {
    const { env, win, state } = fakeEnv();
    state.online = false;
    await saveObservation(db(), makeObservation());
    const server = fakeServer([]);
    controller = new SyncController(db(), { env, fetch: server.fetchFn });
    const seen: number[] = [];
    controller.subscribe((s) => seen.push(s.pending));
    controller.start();
    await settle();
    expect(server.calls).toEqual([]);
    expect(controller.status()).toMatchObject({ online: false, pending: 1 });

    state.online = true;
    win.fire('online');
    await until(() => controller!.status().pending === 0 && !controller!.status().running, 'the run to end');
    expect(server.calls).toContain('POST /api/v1/observations/batch');
    expect(await pendingCount(db())).toBe(0);
    expect(controller.status()).toMatchObject({ pending: 0, online: true, running: false, lastError: null });
    expect(controller.status().lastSuccessAt).toBe('2026-11-28T12:00:00.000Z');
    expect(seen).toContain(1);
    expect(seen.at(-1)).toBe(0);
  });

  it('reads the status again after store notices through env.later, once for a burst of them', async () => {
    const planned: (() => void)[] = [];
    const { env, state } = fakeEnv({ later: (run) => void planned.push(run) });
    state.online = false;
    controller = new SyncController(db(), { env, fetch: fakeServer([]).fetchFn });
    controller.start();
    await settle();
    await saveObservation(db(), makeObservation());
    await saveObservation(db(), makeObservation());
    await settle();
    expect(planned).toHaveLength(1);
    expect(controller.status().pending).toBe(0);
    planned[0]!();
    await until(() => controller!.status().pending === 2, 'the saves to be counted');
  });

  it('counts the moderator decisions waiting offline on the badge until they are sent', async () => {
    const { env, win, state } = fakeEnv();
    state.online = false;
    await setMeta(db(), 'moderatorToken', 'm'.repeat(43));
    const server = fakeServer([]);
    controller = new SyncController(db(), { env, fetch: server.fetchFn });
    controller.start();
    await settle();
    await queueAction(db(), { type: 'decision', decision: { decision: 'publish', id: makeObservation().id } });
    await queueAction(db(), { type: 'confirmation', confirmation: { id: makeObservation().id, answer: 'yes', on: '2026-11-28' } });
    await until(() => controller!.status().pending === 2, 'the queued actions to be counted');
    expect(controller.status()).toMatchObject({ pending: 2, decisions: 1 });

    state.online = true;
    win.fire('online');
    await until(() => controller!.status().pending === 0 && !controller!.status().running, 'the run to end');
    expect(server.calls).toContain('POST /api/v1/moderation/decisions');
    expect(controller.status()).toMatchObject({ pending: 0, decisions: 0 });
  });

  it('after a 429, plans the next try no earlier than Retry-After, keeps the error in words, and recovers', async () => {
    const { env, timers, fire } = fakeEnv();
    await saveObservation(db(), makeObservation());
    const server = fakeServer([() => ({ status: 429, body: { error: { code: 'rate_limited', message: 'slow' } }, headers: { 'retry-after': '30' } })]);
    controller = new SyncController(db(), { env, fetch: server.fetchFn });
    expect(await controller.run()).toBe('failed');
    expect(controller.status().lastError).toMatchObject({ key: 'syncError.busy' });
    expect(controller.status().nextRetryAt).toBe('2026-11-28T12:00:30.000Z');
    expect([...timers].map((t) => t.ms)).toEqual([30_000]);
    expect(await getMeta(db(), 'lastSync')).toMatchObject({ ok: false, error: 'syncError.busy' });

    fire(30_000);
    await until(() => controller!.status().pending === 0 && !controller!.status().running, 'the retry to succeed');
    expect(await pendingCount(db())).toBe(0);
    expect(controller.status()).toMatchObject({ lastError: null, pending: 0 });
  });

  it('grows the backoff on repeated server errors and asks for Background Sync when the network fails', async () => {
    const { env, timers, sw } = fakeEnv();
    await saveObservation(db(), makeObservation());
    const fail = () => ({ status: 500, body: { error: { code: 'internal', message: 'x' } } });
    const server = fakeServer([fail, fail, fail]);
    controller = new SyncController(db(), { env, fetch: server.fetchFn });
    await controller.refresh();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await controller.run();
      delays.push(...[...timers].map((t) => t.ms));
    }
    // random() = 0.5: half of 1 s, 2 s, 4 s.
    expect(delays).toEqual([500, 1000, 2000]);
    // "Sync now" forgets the backoff.
    expect(await controller.syncNow()).toBe('done');

    await saveObservation(db(), makeObservation());
    await controller.refresh();
    const down: FetchLike = async () => Promise.reject(new TypeError('Failed to fetch'));
    const offline = new SyncController(db(), { env, fetch: down });
    await offline.refresh();
    expect(await offline.run()).toBe('failed');
    await settle();
    expect(sw.registered).toEqual([SYNC_TAG]);
  });

  it('leaves the work to the tab that holds the lock, and looks again later', async () => {
    const { env, timers, state } = fakeEnv();
    state.lockHeld = true;
    await saveObservation(db(), makeObservation());
    const server = fakeServer([]);
    controller = new SyncController(db(), { env, fetch: server.fetchFn });
    expect(await controller.run()).toBe('busy');
    expect(server.calls).toEqual([]);
    expect([...timers].map((t) => t.ms)).toEqual([BUSY_RETRY_MS]);
  });

  it('a save (in any tab) sends soon after; a Background Sync message and the page becoming visible sync too', async () => {
    const { env, fire, sw, doc, state } = fakeEnv();
    const server = fakeServer([]);
    controller = new SyncController(db(), { env, fetch: server.fetchFn, periodicMs: 3_600_000 });
    controller.start();
    await settle();
    const batches = () => server.calls.filter((c) => c.endsWith('/batch')).length;
    expect(batches()).toBe(0);

    await saveObservation(db(), makeObservation());
    await settle();
    fire(AFTER_CHANGE_MS);
    await until(() => batches() === 1, 'a batch after the save');

    await saveObservation(db(), makeObservation());
    await until(() => !controller!.status().running, 'idle');
    sw.fire('message', new MessageEvent('message', { data: { type: SW_MESSAGES.drainOutbox } }));
    await until(() => batches() === 2, 'a batch after the Background Sync message');

    await saveObservation(db(), makeObservation());
    await until(() => !controller!.status().running, 'idle');
    state.visible = true;
    doc.fire('visibilitychange');
    await until(() => batches() === 3, 'a batch when the page became visible');

    controller.stop();
    expect(doc.count('visibilitychange')).toBe(0);
  });
});
