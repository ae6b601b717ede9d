/**
 * The database, opening from the moment the page's first script runs. main.tsx imports this module
 * alone (with the styles) and loads the rest of the app after it, so the open, and on the list the
 * read of its newest records, run while preact, the schemas and the views are fetched, parsed and
 * evaluated instead of after them. Its imports stay light (no zod, no preact): everything they pull
 * in is fetched and parsed before the open is issued.
 */
import { openDb, type ContrechampDb } from '../../store/db.ts';
import { readMapPointRecords } from '../../store/map-point-records.ts';
import { readNewestRecords } from '../../store/newest-records.ts';
import { FIRST_SCREEN_ROWS } from '../review/list-filters.ts';
import { claimFirstScreen, holdReadAtStart, takeReadAtStart } from './first-screen.ts';
import { parseRoute } from './routes.ts';

const opening = openDb();
// The App reports a failure; observed here so it is never "unhandled".
opening.catch(() => undefined);

/** The database opened at start (the same promise on every call). */
export const openedDatabase = (): Promise<ContrechampDb> => opening;

const startView = parseRoute(location.hash).view;

// On the list: the raw read of its first rows, and the first screen claimed before anything renders
// (the shell's first render, before the database is open, has no list yet; work that asked then
// would not wait for it). The list reports a failure when it takes the read.
if (startView === 'list') {
  const records = opening.then((db) => readNewestRecords(db, FIRST_SCREEN_ROWS));
  records.catch(() => undefined);
  claimFirstScreen();
  holdReadAtStart('list', { limit: FIRST_SCREEN_ROWS, records });
}
// On the map: the raw read of its points. The map reports nothing of a failed read (it draws what
// it has); a later read tries again.
if (startView === 'map') {
  const points = opening.then(readMapPointRecords);
  points.catch(() => undefined);
  holdReadAtStart('map', points);
}

/**
 * When the page opened on the map: the raw read of its points, issued the moment the database was
 * open; the map view takes it once (use-map-points.ts checks each record). Null on any other start,
 * and once taken or once the page has left the map for another view.
 */
export function takeMapReadAtStart(): Promise<unknown[]> | null {
  return takeReadAtStart('map');
}
