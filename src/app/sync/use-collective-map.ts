/**
 * Every device this phone knows, mine and the collective's, with what the server says of each
 * (publication state, last confirmation) and a spatial index over them: the duplicate warning and
 * the "still there?" list read it. It is kept for the page's life and brought up to date from the
 * store notices (this tab's and others'): a save names its observation, so only that one is read
 * again, not every stored one, when the form opens next.
 */
import { nearbyIndex, type NearbyIndex } from '../../core/nearby-devices.ts';
import type { Observation } from '../../core/observation.ts';
import type { Publication } from '../../core/publication.ts';
import type { Kind } from '../../core/taxonomy.ts';
import type { ContrechampDb } from '../../store/db.ts';
import { onStoreNotice, type StoreNotice } from '../../store/notices.ts';
import { getObservation, listObservations } from '../../store/observations.ts';
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

/** What the map is made from, as last read (`mine`: my valid, not deleted observations by id), and the map. */
interface Sources {
  mine: Map<string, Observation>;
  shared: Observation[];
  publication: ReadonlyMap<string, Publication>;
  map: CollectiveMap;
}

/** What changed since the sources were read: the observations (some ids, or all) and the other stores. */
interface Changes {
  mine: Set<string> | 'all';
  shared: boolean;
  publication: boolean;
}

/** Past this many changed observations (an import), reading them all at once is quicker. */
const FEW_CHANGES = 100;

const everything = (): Changes => ({ mine: 'all', shared: true, publication: true });

/** One per database: the last sources read and what changed since, noted from every notice. */
class KnownDevices {
  private sources: Sources | null = null;
  private changes: Changes = everything();
  /** Reads run one after the other, each from what the one before left. */
  private reading: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: ContrechampDb) {
    // For the page's life: what changes while no view holds the devices is noted too.
    onStoreNotice((notice) => this.note(notice));
  }

  private note(notice: StoreNotice): void {
    const { stores, ids } = notice;
    if (stores === 'all') {
      this.changes = everything();
      return;
    }
    if (stores.includes('observations')) {
      if (!ids) this.changes.mine = 'all';
      else if (this.changes.mine !== 'all') for (const id of ids) this.changes.mine.add(id);
    }
    if (stores.includes('shared')) this.changes.shared = true;
    if (stores.includes('publication')) this.changes.publication = true;
  }

  /** The map as last read (null before the first read). */
  get current(): CollectiveMap | null {
    return this.sources?.map ?? null;
  }

  read(): Promise<CollectiveMap> {
    const next = this.reading.then(
      () => this.readSources(),
      () => this.readSources(),
    );
    this.reading = next;
    return next.then((sources) => sources.map);
  }

  /** The sources brought up to date: only what changed is read again; the same object when nothing did. */
  private async readSources(): Promise<Sources> {
    const before = this.sources;
    const changes = before ? this.changes : everything();
    const changed = changes.mine === 'all' || changes.mine.size > 0 || changes.shared || changes.publication;
    this.changes = { mine: new Set(), shared: false, publication: false };
    try {
      const [mine, shared, publication, days] = await Promise.all([
        !before || changes.mine === 'all' || changes.mine.size > FEW_CHANGES ? listObservations(this.db).then((r) => new Map(r.observations.map((o) => [o.id, o]))) : this.mineWith(before.mine, changes.mine),
        changes.shared || !before ? listShared(this.db).then((r) => r.observations) : before.shared,
        changes.publication || !before ? listPublication(this.db) : before.publication,
        getMeta(this.db, 'recheckDays'),
      ]);
      const recheckDays = days ?? DEFAULT_RECHECK_DAYS;
      if (before && !changed && recheckDays === before.map.recheckDays) return before;
      const devices = knownDevices([...mine.values()], shared, publication);
      this.sources = { mine, shared, publication, map: { devices, index: nearbyIndex(devices), recheckDays } };
      return this.sources;
    } catch (error) {
      // Read again next time.
      this.changes = everything();
      throw error;
    }
  }

  /** `mine` with the observations `ids` read again (a deleted or damaged one leaves). */
  private async mineWith(mine: ReadonlyMap<string, Observation>, ids: ReadonlySet<string>): Promise<Map<string, Observation>> {
    if (ids.size === 0) return mine as Map<string, Observation>;
    const next = new Map(mine);
    await Promise.all(
      [...ids].map(async (id) => {
        const obs = await getObservation(this.db, id).catch(() => undefined);
        if (obs && !obs.deleted) next.set(id, obs);
        else next.delete(id);
      }),
    );
    return next;
  }
}

const perDb = new WeakMap<ContrechampDb, KnownDevices>();

function knownDevicesOf(db: ContrechampDb): KnownDevices {
  let known = perDb.get(db);
  if (!known) perDb.set(db, (known = new KnownDevices(db)));
  return known;
}

/** The map brought up to date with what the notices since the last read said changed. */
export function readCollectiveMap(db: ContrechampDb): Promise<CollectiveMap> {
  return knownDevicesOf(db).read();
}

/** The map as last read at once (null the first time), then brought up to date, and again after each notice that concerns it. */
export function useCollectiveMap(db: ContrechampDb): CollectiveMap | null {
  const known = knownDevicesOf(db);
  return useStoreReading(() => known.read(), ['shared', 'observations', 'publication'], known.current, [db]);
}
