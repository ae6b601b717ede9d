/** Entry point of the public page (/explore/): no service worker, no storage, no token. */
import './explore.css';
import { render } from 'preact';
import { z } from 'zod';
import { ExploreApp } from './explore-app.tsx';

// The CSP forbids eval; without this zod probes `new Function` once and the browser reports it.
z.config({ jitless: true });

render(<ExploreApp />, document.getElementById('explore')!);
