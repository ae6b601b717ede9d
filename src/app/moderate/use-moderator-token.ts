/** The moderator token entered in the settings (meta `moderatorToken`), followed across tabs. */
import { useEffect, useState } from 'preact/hooks';
import type { ContrechampDb } from '../../store/db.ts';
import { getMeta } from '../../store/meta.ts';
import { onStoreNotice } from '../../store/notices.ts';

export function useModeratorToken(db: ContrechampDb | null): string | null {
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => {
    if (!db) return;
    let live = true;
    const load = () =>
      getMeta(db, 'moderatorToken').then(
        (t) => live && setToken(t ?? null),
        () => undefined,
      );
    void load();
    const stop = onStoreNotice((n) => {
      if (n.stores === 'all' || n.stores.includes('meta')) void load();
    });
    return () => {
      live = false;
      stop();
    };
  }, [db]);
  return token;
}
