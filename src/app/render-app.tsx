/**
 * The app's start, loaded by main.tsx once the database is opening: renders the app into #app once
 * the chosen language's texts are loaded.
 */
import { render } from 'preact';
import { z } from '../core/zod.ts';
import type { ContrechampDb } from '../store/db.ts';
import { App } from './app.tsx';
import { languageReady } from './i18n/language.ts';

// The CSP forbids eval; without this zod probes `new Function` once and the browser reports it.
z.config({ jitless: true });

export function renderApp(openDatabase: () => Promise<ContrechampDb>): void {
  void languageReady.then(() => render(<App openDatabase={openDatabase} />, document.getElementById('app')!));
}
