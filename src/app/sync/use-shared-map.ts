/**
 * The shared map as the map view shows it: what was pulled from the server, minus my own
 * observations (drawn apart, on top), read again whenever a pull (in any tab) changes it.
 */
import { useMemo } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import type { ContrechampDb } from '../../store/db.ts';
import { listShared } from '../../store/shared.ts';
import { useStoreReading } from '../shell/use-store-reading.ts';

const NONE: Observation[] = [];

export function withoutMine(shared: readonly Observation[], mine: readonly { id: string }[]): Observation[] {
  const own = new Set(mine.map((o) => o.id));
  return shared.filter((o) => !own.has(o.id));
}

export function useSharedMap(db: ContrechampDb, mine: readonly { id: string }[]): Observation[] {
  const shared = useStoreReading(async () => (await listShared(db)).observations, ['shared'], NONE, [db]);
  return useMemo(() => withoutMine(shared, mine), [shared, mine]);
}
