/**
 * The database, opening from the moment the page's code starts to run: main.tsx imports this
 * module first, so the open overlaps the evaluation of everything else (the schemas, the views)
 * and the texts' loading instead of following them; the first rows wait on it.
 */
import { openDb, type ContrechampDb } from '../../store/db.ts';

const opening = openDb();
// The App reports a failure; observed here so it is never "unhandled".
opening.catch(() => undefined);

/** The database opened at start (the same promise on every call). */
export const openedDatabase = (): Promise<ContrechampDb> => opening;
