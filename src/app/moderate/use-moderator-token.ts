/** The moderator token entered in the settings (meta `moderatorToken`), followed across tabs. */
import type { ContrechampDb } from '../../store/db.ts';
import { getMeta } from '../../store/meta.ts';
import { useStoreReading } from '../shell/use-store-reading.ts';

export function useModeratorToken(db: ContrechampDb | null): string | null {
  return useStoreReading(db && (async () => (await getMeta(db, 'moderatorToken')) ?? null), ['meta'], null, [db]);
}
