// @vitest-environment happy-dom
/**
 * The sync badge and the server address setting, rendered with the app's providers, a fake
 * IndexedDB and the REAL server on a loopback port.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { h, render, type ComponentChildren } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LanguageContext, setLanguage } from '../../../src/app/i18n/language.ts';
import { DbContext } from '../../../src/app/shell/db-context.ts';
import { FeedbackProvider } from '../../../src/app/shell/feedback.tsx';
import { ConflictNotice } from '../../../src/app/sync/conflict-notice.tsx';
import { SyncSettings } from '../../../src/app/sync/sync-settings.tsx';
import { SyncStatus } from '../../../src/app/sync/sync-status.tsx';
import { configureSyncControllers } from '../../../src/app/sync/use-sync.ts';
import { openDb, type ContrechampDb } from '../../../src/store/db.ts';
import { getMeta, setMeta } from '../../../src/store/meta.ts';
import { getObservation, saveObservation } from '../../../src/store/observations.ts';
import { acknowledge, listOutbox, markConflict, syncStateOf } from '../../../src/store/outbox.ts';
import { reviseObservation } from '../../../src/core/observation-factory.ts';
import type { FetchLike } from '../../../src/sync/api-client.ts';
import { startServer, type TestServer } from '../server/server-harness.ts';
import { makeObservation } from '../store/fixtures.ts';

let s: TestServer;
let db: ContrechampDb;
let root: HTMLElement;
let requests: string[];

beforeAll(async () => {
  s = await startServer();
  // The page's origin is the server's, as when the server serves the app: same-origin requests.
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${s.url}/`);
});
afterAll(() => s.close());

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  setLanguage('fr');
  db = await openDb();
  requests = [];
  const recording: FetchLike = (url, init) => {
    requests.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    return fetch(url, init);
  };
  // A timer far away: the test drives the runs itself.
  configureSyncControllers({ start: true, fetch: recording, env: { origin: s.url, isOnline: () => true }, periodicMs: 3_600_000, afterChangeMs: 50 });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  db.close();
});

function mount(children: ComponentChildren): void {
  render(
    h(LanguageContext.Provider, { value: 'fr' }, h(FeedbackProvider, null, h(DbContext.Provider, { value: db }, children))),
    root,
  );
}

async function waitFor<T>(probe: () => T | null | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`expected ${what} within ${timeoutMs} ms; badge ${JSON.stringify(badge()?.dataset)}; requests ${requests.join(", ")}; html ${root.innerHTML.slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const badge = () => root.querySelector<HTMLElement>('[data-testid="sync-status"]');

describe('<SyncStatus/>', () => {
  it('shows the waiting count, sends on start, then shows nothing waiting and the last success', async () => {
    for (let i = 0; i < 3; i++) await saveObservation(db, makeObservation({ notes: `ui ${i}` }));
    mount(h(SyncStatus, null));
    await waitFor(() => badge()?.dataset.pending === '0' && badge()?.dataset.lastSuccess, 'the badge to show 0 waiting after the start sync');
    expect(requests.filter((r) => r.endsWith('/observations/batch'))).toHaveLength(1);
    expect(badge()!.textContent).toContain('Tout est envoyé');
    // The last success is on the badge itself, not only in the details.
    expect(root.querySelector('[data-testid="sync-sub"]')!.textContent).toMatch(/^Réussie à \d/);
    root.querySelector<HTMLButtonElement>('.sync-summary')!.click();
    await waitFor(() => root.querySelector('[data-testid="sync-last-success"]'), 'the details');
    expect(root.querySelector('[data-testid="sync-last-success"]')!.textContent).toMatch(/Dernière synchronisation réussie/);

    // A new save in this tab goes up on its own, shortly after.
    await saveObservation(db, makeObservation({ notes: 'later' }));
    await waitFor(() => requests.filter((r) => r.endsWith('/observations/batch')).length === 2 && badge()?.dataset.pending === '0', 'the new change to be sent');
  });

  it('says in plain words why the last sync failed, and "sync now" tries again', async () => {
    await setMeta(db, 'serverUrl', 'http://127.0.0.1:9');
    await saveObservation(db, makeObservation());
    mount(h(SyncStatus, null));
    await waitFor(() => badge()?.dataset.error === 'syncError.network', 'the network error');
    expect(badge()!.dataset.pending).toBe('1');
    expect(badge()!.dataset.state).toBe('error');
    expect(root.querySelector('[data-testid="sync-sub"]')!.textContent).toBe('Serveur injoignable');
    root.querySelector<HTMLButtonElement>('.sync-summary')!.click();
    await waitFor(() => root.querySelector('[data-testid="sync-last-error"]'), 'the error line');
    expect(root.querySelector('[data-testid="sync-last-error"]')!.textContent).toContain('Le serveur est injoignable');

    await setMeta(db, 'serverUrl', s.url);
    root.querySelector<HTMLButtonElement>('[data-testid="sync-now"]')!.click();
    await waitFor(() => badge()?.dataset.pending === '0' && badge()?.dataset.error === '', 'the sync now to succeed');
  });
});

// happy-dom does not submit a form from its submit button's click: send the event the click would.
const submit = () => root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));

describe('<SyncSettings/>', () => {
  it('shows the app’s origin by default, refuses a bad address, and saves a good one', async () => {
    mount(h(SyncSettings, { origin: s.url }));
    const input = await waitFor(() => root.querySelector<HTMLInputElement>('[data-testid="server-url-input"]')?.value ? root.querySelector<HTMLInputElement>('[data-testid="server-url-input"]') : null, 'the input with the default');
    expect(input.value).toBe(s.url);
    input.value = 'ftp://example';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    submit();
    await waitFor(() => root.querySelector('[data-testid="server-url-error"]'), 'the error');
    expect(await getMeta(db, 'serverUrl')).toBeUndefined();

    input.value = 'http://127.0.0.1:9/collectif/';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    submit();
    await waitFor(() => !root.querySelector('[data-testid="server-url-error"]'), 'the error to go');
    const saved = await (async () => {
      for (let i = 0; i < 100; i++) {
        const v = await getMeta(db, 'serverUrl');
        if (v) return v;
        await new Promise((r) => setTimeout(r, 20));
      }
      return undefined;
    })();
    expect(saved).toBe('http://127.0.0.1:9/collectif');
  });
});

describe('<ConflictNotice/>', () => {
  it('shows nothing without a conflict; with one, sums up my version and keeps mine as a new version on a tap', async () => {
    const v1 = makeObservation({ notes: 'base' });
    await saveObservation(db, v1);
    await acknowledge(db, [{ id: v1.id, version: 1, serverVersion: 1 }]);
    mount(h(ConflictNotice, { id: v1.id }));
    await new Promise((r) => setTimeout(r, 100));
    expect(root.querySelector('[data-testid="conflict-notice"]')).toBeNull();

    await saveObservation(db, reviseObservation(v1, { notes: 'mine' }));
    await markConflict(db, reviseObservation(v1, { notes: 'theirs' }));
    await waitFor(() => root.querySelector('[data-testid="conflict-notice"]'), 'the notice');
    expect(root.querySelector('[data-testid="conflict-mine"]')!.textContent).toContain('mine');
    root.querySelector<HTMLButtonElement>('[data-testid="conflict-keep-mine"]')!.click();
    await waitFor(() => !root.querySelector('[data-testid="conflict-notice"]'), 'the notice to go');
    expect(await syncStateOf(db, v1.id)).toBe('waiting');
    expect((await getObservation(db, v1.id))!.notes).toBe('mine');
    expect(await listOutbox(db)).toMatchObject([{ id: v1.id, version: 3, baseVersion: 2 }]);
  });
});
