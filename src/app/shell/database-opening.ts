/**
 * The database, opening from the moment the page's first script runs. main.tsx imports this module
 * alone (with the styles) and loads the rest of the app after it, so the open, and on the list the
 * read of its newest records, run while preact, the schemas and the views are fetched, parsed and
 * evaluated instead of after them. Its imports stay light (no zod, no preact): everything they pull
 * in is fetched and parsed before the open is issued.
 */
import { openDb, type ContrechampDb } from '../../store/db.ts';
import { readMapPointRecords } from '../../store/map-point-records.ts';
import { readNewestRecords, type NewestRecords } from '../../store/newest-records.ts';
import { FIRST_SCREEN_ROWS } from '../review/list-filters.ts';
import { parseRoute } from './routes.ts';

const opening = openDb();
// The App reports a failure; observed here so it is never "unhandled".
opening.catch(() => undefined);

/** The database opened at start (the same promise on every call). */
export const openedDatabase = (): Promise<ContrechampDb> => opening;

/**
 * When the page opens on the list: the raw read of its first `limit` rows, issued the moment the
 * database is open (first-screen.ts hands it to the list, which checks each record); else null.
 */
export const listReadAtStart: { limit: number; records: Promise<NewestRecords> } | null =
  parseRoute(location.hash).view === 'list'
    ? { limit: FIRST_SCREEN_ROWS, records: opening.then((db) => readNewestRecords(db, FIRST_SCREEN_ROWS)) }
    : null;
// The list reports a failure when it takes the read.
listReadAtStart?.records.catch(() => undefined);

/**
 * When the page opens on the map: the raw read of its points, issued the moment the database is
 * open; the map view takes it once (use-map-points.ts checks each record). Null on any other start,
 * and once taken or once the page has left the map for another view.
 */
let mapRead: Promise<unknown[]> | null = parseRoute(location.hash).view === 'map' ? opening.then(readMapPointRecords) : null;
// The map reports nothing of a failed read (it draws what it has); a later read tries again.
mapRead?.catch(() => undefined);
if (mapRead) globalThis.addEventListener?.('hashchange', () => (mapRead = null), { once: true });

export function takeMapReadAtStart(): Promise<unknown[]> | null {
  const taken = mapRead;
  mapRead = null;
  return taken;
}
