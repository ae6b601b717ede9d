/**
 * My observations as the review views see them: the list, the damaged records and the sync state
 * of each, read again whenever the store says something changed (in this tab or another).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import { onStoreChange } from '../../store/changes.ts';
import { listObservations, type DamagedRecord } from '../../store/observations.ts';
import { syncStates, type SyncState } from '../../store/outbox.ts';
import { useDb } from '../shell/db-context.ts';

export interface ObservationsState {
  observations: Observation[];
  damaged: DamagedRecord[];
  states: ReadonlyMap<string, SyncState>;
}

export function useObservations(): { data: ObservationsState | null; error: unknown } {
  const db = useDb();
  const [data, setData] = useState<ObservationsState | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    let generation = 0;
    const load = () => {
      const mine = ++generation;
      // A slow read must not overwrite a newer one.
      const current = () => live && mine === generation;
      // The rows show as soon as they are read; their sync badges follow when the states are.
      const states = syncStates(db);
      listObservations(db).then(
        ({ observations, damaged }) => {
          if (!current()) return;
          setData((prev) => ({ observations, damaged, states: prev?.states ?? new Map() }));
          states.then(
            (map) => current() && setData((prev) => (prev ? { ...prev, states: map } : prev)),
            (e: unknown) => current() && setError(e),
          );
        },
        (e: unknown) => current() && setError(e),
      );
    };
    load();
    const stop = onStoreChange((change) => {
      if (change.stores === 'all' || change.stores.some((s) => s === 'observations' || s === 'outbox' || s === 'sync')) load();
    });
    return () => {
      live = false;
      stop();
    };
  }, [db]);

  return { data, error };
}
