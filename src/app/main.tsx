/** Entry point: styles, then the app into #app once the chosen language's texts are loaded. */
import './styles.css';
import { render } from 'preact';
import { z } from 'zod';
import { openDb } from '../store/db.ts';
import { App } from './app.tsx';
import { languageReady } from './i18n/language.ts';

// The CSP forbids eval; without this zod probes `new Function` once and the browser reports it.
z.config({ jitless: true });

// Opened now, while the texts load and the shell renders, not after the shell's first frame.
const database = openDb();
database.catch(() => undefined); // the App reports a failure; observed here so it is never "unhandled"
const openDatabase = () => database;

void languageReady.then(() => render(<App openDatabase={openDatabase} />, document.getElementById('app')!));
