/**
 * The shared map as the map view shows it: what was pulled from the server, minus my own
 * observations (drawn apart, on top), read again whenever a pull (in any tab) changes it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import { onStoreNotice } from '../../store/notices.ts';
import type { ContrechampDb } from '../../store/db.ts';
import { listShared } from '../../store/shared.ts';

export function withoutMine(shared: readonly Observation[], mine: readonly Observation[]): Observation[] {
  const own = new Set(mine.map((o) => o.id));
  return shared.filter((o) => !own.has(o.id));
}

export function useSharedMap(db: ContrechampDb, mine: readonly Observation[]): Observation[] {
  const [shared, setShared] = useState<Observation[]>([]);
  useEffect(() => {
    let live = true;
    let generation = 0;
    const load = () => {
      const current = ++generation;
      listShared(db).then(
        (r) => live && current === generation && setShared(r.observations),
        () => undefined,
      );
    };
    load();
    const stop = onStoreNotice((notice) => {
      if (notice.stores === 'all' || notice.stores.includes('shared')) load();
    });
    return () => {
      live = false;
      stop();
    };
  }, [db]);
  return useMemo(() => withoutMine(shared, mine), [shared, mine]);
}
