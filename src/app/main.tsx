/** Entry point: the database's opening, styles, then the app into #app once the chosen language's texts are loaded. */
// First: the database opens while the rest of the code is evaluated.
import { openedDatabase } from './shell/database-opening.ts';
import './styles.css';
import { render } from 'preact';
import { z } from '../core/zod.ts';
import { App } from './app.tsx';
import { languageReady } from './i18n/language.ts';

// The CSP forbids eval; without this zod probes `new Function` once and the browser reports it.
z.config({ jitless: true });

void languageReady.then(() => render(<App openDatabase={openedDatabase} />, document.getElementById('app')!));
