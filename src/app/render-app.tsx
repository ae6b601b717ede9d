/**
 * The app's start, loaded by main.tsx once the database is opening: hands the list the read begun
 * at start, then renders the app into #app once the chosen language's texts are loaded.
 */
import { render } from 'preact';
import { z } from '../core/zod.ts';
import type { ContrechampDb } from '../store/db.ts';
import type { NewestRecords } from '../store/newest-records.ts';
import { App } from './app.tsx';
import { languageReady } from './i18n/language.ts';
import { readFirstRowsEarly } from './shell/first-screen.ts';

// The CSP forbids eval; without this zod probes `new Function` once and the browser reports it.
z.config({ jitless: true });

/** `listRead`: the list's first rows as read from the start (database-opening.ts), or null. */
export function renderApp(openDatabase: () => Promise<ContrechampDb>, listRead: { limit: number; records: Promise<NewestRecords> } | null): void {
  if (listRead) readFirstRowsEarly(openDatabase(), listRead.limit, listRead.records);
  void languageReady.then(() => render(<App openDatabase={openDatabase} />, document.getElementById('app')!));
}
