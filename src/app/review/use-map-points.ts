/**
 * The map points of my observations (store/map-points.ts), read when the view mounts (in a layout
 * effect: the read starts with the render that mounts the map, not a frame later; on a page that
 * opened on the map, the read issued with the database's opening is taken instead) and again after
 * the notices of a change to my observations; null until the first read lands.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { MapPoint } from '../../core/map-point.ts';
import type { ContrechampDb } from '../../store/db.ts';
import { listMapPoints } from '../../store/map-points.ts';
import { takeMapReadAtStart } from '../shell/database-opening.ts';
import { onStoreChange } from '../shell/use-store-reading.ts';

export function useMapPoints(db: ContrechampDb): MapPoint[] | null {
  const [points, setPoints] = useState<MapPoint[] | null>(null);
  useLayoutEffect(() => {
    let live = true;
    let generation = 0;
    const load = () => {
      const mine = ++generation;
      // A failed read keeps what is drawn; the list reports the store's errors. The first read may
      // have started with the database's opening (database-opening.ts).
      listMapPoints(db, takeMapReadAtStart() ?? undefined).then((read) => live && mine === generation && setPoints(read), () => undefined);
    };
    load();
    const stop = onStoreChange(['observations'], load);
    return () => {
      live = false;
      stop();
    };
  }, [db]);
  return points;
}
