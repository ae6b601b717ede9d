/** Entry point of the public page (/explore/): no service worker, no storage, no token. */
import './explore.css';
import { render } from 'preact';
import { z } from '../core/zod.ts';
import { ExploreApp } from './explore-app.tsx';
import { loadCatalogue, visitorLanguage } from './i18n/text.ts';

// The CSP forbids eval; without this zod probes `new Function` once and the browser reports it.
z.config({ jitless: true });

// French if the visitor's catalogue cannot be loaded: the page still works.
void loadCatalogue(visitorLanguage())
  .catch(() => undefined)
  .then(() => render(<ExploreApp />, document.getElementById('explore')!));
