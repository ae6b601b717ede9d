/**
 * Entry point: the database's opening in a chunk of its own (database-opening.ts), the styles, then
 * the rest of the app (render-app.tsx), fetched and parsed while the database opens.
 */
import { openedDatabase } from './shell/database-opening.ts';
import './styles.css';

void import('./render-app.tsx').then(({ renderApp }) => renderApp(openedDatabase));
