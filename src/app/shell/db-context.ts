/** The one open database connection, opened by the shell and handed to every view. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ContrechampDb } from '../../store/db.ts';

export const DbContext = createContext<ContrechampDb | null>(null);

export function useDb(): ContrechampDb {
  const db = useContext(DbContext);
  if (!db) throw new Error('useDb: expected a DbContext provider with an open database, got none');
  return db;
}
