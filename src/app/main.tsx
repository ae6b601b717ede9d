/** Entry point: styles, then the app into #app once the chosen language's texts are loaded. */
import './styles.css';
import { render } from 'preact';
import { App } from './app.tsx';
import { languageReady } from './i18n/language.ts';

void languageReady.then(() => render(<App />, document.getElementById('app')!));
