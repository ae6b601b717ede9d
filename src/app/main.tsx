/** Entry point: styles, then the app into #app once the chosen language's texts are loaded. */
import './styles.css';
import { render } from 'preact';
import { z } from 'zod';
import { App } from './app.tsx';
import { languageReady } from './i18n/language.ts';

// The CSP forbids eval; without this zod probes `new Function` once and the browser reports it.
z.config({ jitless: true });

void languageReady.then(() => render(<App />, document.getElementById('app')!));
