/**
 * My observations as the review views see them: the list, the damaged records and the sync state
 * of each, read again whenever the store says something changed (in this tab or another).
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import { listObservations, listRecentObservations } from '../../store/observations.ts';
import type { DamagedRecord } from '../../store/stored-records.ts';
import { syncStates, type SyncState } from '../../store/outbox.ts';
import type { Publication } from '../../core/publication.ts';
import { listPublication } from '../../store/shared.ts';
import { useDb } from '../shell/db-context.ts';
import { claimFirstScreen, firstScreenShown, takeReadAtStart } from '../shell/first-screen.ts';
import { afterNextPaint } from '../shell/after-paint.ts';
import { onStoreChange } from '../shell/use-store-reading.ts';

export interface ObservationsState {
  observations: Observation[];
  damaged: DamagedRecord[];
  states: ReadonlyMap<string, SyncState>;
  /** What the server says of each (publication state, reason), by id; empty until read. */
  publication: ReadonlyMap<string, Publication>;
  /** False while only the newest few are read (the first screen), true once all are. */
  complete: boolean;
}

export interface ObservationsOptions {
  /** Read this many newest observations first, so the first screen does not wait for all of them. */
  firstScreen?: number;
  /**
   * False: only the observations (a view that shows no sync badges, the map), not the outbox and
   * publication states, whose reads would compete with its drawing; `states` then stays empty.
   */
  states?: boolean;
}

export function useObservations(options: ObservationsOptions = {}): { data: ObservationsState | null; error: unknown } {
  const db = useDb();
  const [data, setData] = useState<ObservationsState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const withStates = options.states ?? true;
  // During render, not in an effect: Preact runs effects after a frame, too late for the sync's start.
  if (options.firstScreen) claimFirstScreen();

  // Layout effect: the first read starts right after the render that mounts the view, not a frame later.
  useLayoutEffect(() => {
    // The read under way: aborted by a newer one and when the view goes away (the form opened
    // from the list), so the pages of 10,000 records stop being read and checked for nothing.
    let reading: AbortController | null = null;
    const loadAll = (signal: AbortSignal) => {
      const current = () => !signal.aborted;
      // The rows show as soon as they are read; their sync badges follow when the states are.
      const states = withStates ? Promise.all([syncStates(db, signal), listPublication(db, signal)]) : null;
      states?.catch(() => undefined); // reported below, once the rows are shown
      listObservations(db, signal).then(
        ({ observations, damaged }) => {
          if (!current()) return;
          setData((prev) => ({ observations, damaged, states: prev?.states ?? new Map(), publication: prev?.publication ?? new Map(), complete: true }));
          states?.then(
            ([map, publication]) => current() && setData((prev) => (prev ? { ...prev, states: map, publication } : prev)),
            (e: unknown) => current() && setError(e),
          );
        },
        (e: unknown) => current() && setError(e),
      );
    };
    const load = (first: boolean) => {
      reading?.abort();
      const { signal } = (reading = new AbortController());
      if (!first || !options.firstScreen) {
        loadAll(signal);
        return;
      }
      // The newest few first, painted before the full read starts: reading 10,000 records keeps
      // the main thread busy long enough to delay the first screen if both run at once. On a page
      // that opened on the list, their raw read began with the database's opening.
      const early = takeReadAtStart('list');
      listRecentObservations(db, options.firstScreen, early?.limit === options.firstScreen ? early.records : undefined)
        .then(
          ({ observations, damaged }) => {
            if (!signal.aborted) setData((prev) => prev ?? { observations, damaged, states: new Map(), publication: new Map(), complete: false });
          },
          () => undefined, // the full read reports any error
        )
        .then(afterNextPaint)
        .then(() => {
          firstScreenShown();
          if (!signal.aborted) loadAll(signal);
        });
    };
    load(true);
    const stop = onStoreChange(withStates ? ['observations', 'outbox', 'sync', 'publication'] : ['observations'], () => load(false));
    return () => {
      reading?.abort();
      stop();
    };
  }, [db, options.firstScreen, withStates]);

  return { data, error };
}
