/**
 * Every device this phone knows, mine and the collective's, with what the server says of each
 * (publication state, last confirmation) and a spatial index over them: the duplicate warning and
 * the "still there?" list read it. Read again when a save or a pull (in any tab) changes the store.
 */
import { useMemo } from 'preact/hooks';
import { nearbyIndex, type NearbyIndex } from '../../core/nearby-devices.ts';
import type { Observation } from '../../core/observation.ts';
import type { Publication } from '../../core/publication.ts';
import type { Kind } from '../../core/taxonomy.ts';
import type { ContrechampDb } from '../../store/db.ts';
import { listObservations } from '../../store/observations.ts';
import { listPublication, listShared } from '../../store/shared.ts';
import { getMeta } from '../../store/meta.ts';
import { DEFAULT_RECHECK_DAYS } from '../../core/publication.ts';
import { useStoreReading } from '../shell/use-store-reading.ts';

export interface KnownDevice {
  /** The id the server knows it by from this phone: mine, or the public id. */
  id: string;
  kind: Kind;
  lon: number;
  lat: number;
  own: boolean;
  observation: Observation;
  publication: Publication | undefined;
}

export interface CollectiveMap {
  devices: readonly KnownDevice[];
  index: NearbyIndex<KnownDevice>;
  recheckDays: number;
}

/** Mine (not deleted) and the shared map's others, each once. */
export function knownDevices(mine: readonly Observation[], shared: readonly Observation[], publication: ReadonlyMap<string, Publication>): KnownDevice[] {
  const own = new Set(mine.map((o) => o.id));
  const device = (o: Observation, isOwn: boolean): KnownDevice => ({
    id: o.id,
    kind: o.kind,
    lon: o.position.lon,
    lat: o.position.lat,
    own: isOwn,
    observation: o,
    publication: publication.get(o.id),
  });
  return [...mine.filter((o) => !o.deleted).map((o) => device(o, true)), ...shared.filter((o) => !own.has(o.id) && !o.deleted).map((o) => device(o, false))];
}

export function useCollectiveMap(db: ContrechampDb): CollectiveMap | null {
  const read = useStoreReading(
    async () => {
      const [mine, shared, publication, days] = await Promise.all([listObservations(db), listShared(db), listPublication(db), getMeta(db, 'recheckDays')]);
      return { devices: knownDevices(mine.observations, shared.observations, publication), recheckDays: days ?? DEFAULT_RECHECK_DAYS };
    },
    ['shared', 'observations', 'publication'],
    null,
    [db],
  );
  return useMemo(() => (read ? { devices: read.devices, index: nearbyIndex(read.devices), recheckDays: read.recheckDays } : null), [read]);
}
