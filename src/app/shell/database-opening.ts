/**
 * The database, opening from the moment the page's code starts to run: main.tsx imports this
 * module first, so the open overlaps the evaluation of everything else (the schemas, the views)
 * and the texts' loading instead of following them; the first rows wait on it, and on the list
 * their read starts with it.
 */
import { openDb, type ContrechampDb } from '../../store/db.ts';
import { FIRST_SCREEN_ROWS } from '../review/list-filters.ts';
import { readFirstRowsEarly } from './first-screen.ts';
import { parseRoute } from './routes.ts';

const opening = openDb();
// The App reports a failure; observed here so it is never "unhandled".
opening.catch(() => undefined);
// The list's first rows are read as soon as the database is open, while the shell renders.
if (parseRoute(location.hash).view === 'list') readFirstRowsEarly(opening, FIRST_SCREEN_ROWS);

/** The database opened at start (the same promise on every call). */
export const openedDatabase = (): Promise<ContrechampDb> => opening;
