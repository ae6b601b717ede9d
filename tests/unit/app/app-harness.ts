/**
 * Set-up for the UI tests: a fresh fake IndexedDB, the app rendered into the happy-dom document at
 * a given hash route, and small helpers to type, click and wait as a user would.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { h, render } from 'preact';
import { App } from '../../../src/app/app.tsx';
import { setLanguage } from '../../../src/app/i18n/language.ts';
import { forgetListState } from '../../../src/app/review/list-filters.ts';
import type { Language } from '../../../src/app/i18n/catalogues.ts';
import { openDb, type ContrechampDb } from '../../../src/store/db.ts';
import { forgetPersistenceRequest } from '../../../src/store/storage.ts';

export async function waitFor<T>(probe: () => T | null | undefined | false, what: string, timeoutMs = 4000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`waitFor: expected ${what} within ${timeoutMs} ms, never came`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const $ = <E extends Element = HTMLElement>(selector: string): E | null => document.querySelector<E>(selector);
export const $$ = <E extends Element = HTMLElement>(selector: string): E[] => [...document.querySelectorAll<E>(selector)];
export const byTestId = (id: string): string => `[data-testid="${id}"]`;

export function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function choose(el: HTMLSelectElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

export interface Harness {
  /** A second connection for the test's own reads and writes. */
  db: ContrechampDb;
  root: HTMLElement;
  unmount: () => void;
}

/** A fresh database (seeded by `seed` before the app opens it) and the app at `hash`. */
export async function startApp(hash: string, options: { lang?: Language; seed?: (db: ContrechampDb) => Promise<void> } = {}): Promise<Harness> {
  globalThis.indexedDB = new IDBFactory();
  // No server behind these tests: every request fails as it would offline.
  globalThis.fetch = () => Promise.reject(new TypeError('offline: UI tests have no server'));
  forgetPersistenceRequest();
  await setLanguage(options.lang ?? 'fr');
  forgetListState();
  const db = await openDb();
  await options.seed?.(db);
  history.replaceState(null, '', `/${hash}`);
  const root = document.createElement('div');
  document.body.append(root);
  render(h(App, { openDatabase: () => openDb() }), root);
  return {
    db,
    root,
    unmount: () => {
      render(null, root);
      root.remove();
      db.close();
    },
  };
}
