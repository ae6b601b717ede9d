/**
 * Entry point: the database's opening in a chunk of its own (database-opening.ts), the styles, then
 * the rest of the app (render-app.tsx), fetched and parsed while the database opens. A page that
 * opens on the map asks for the map's code (its view, MapLibre with its worker, the map's runtime)
 * and looks its basemap up at the same time, rather than once the app has drawn its shell and
 * mounted the view.
 */
import { loadMaplibre } from './map/load-maplibre.ts';
import { openedDatabase } from './shell/database-opening.ts';
import { parseRoute } from './shell/routes.ts';
import './styles.css';
// The sync badge heads every view: its styles come with the page's stylesheet, not as one more file.
import './sync/sync.css';

void import('./render-app.tsx').then(({ renderApp }) => renderApp(openedDatabase));
if (parseRoute(location.hash).view === 'map') {
  // A failure here is the view's to report when it asks again.
  void Promise.all([
    loadMaplibre(),
    import('./review/map-view.tsx'),
    import('./map/create-map.ts').then((m) => m.prepareMap()),
  ]).catch(() => undefined);
}
