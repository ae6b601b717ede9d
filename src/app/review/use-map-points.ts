/**
 * The map points of my observations (store/map-points.ts), read when the view mounts (in a layout
 * effect: the read starts with the render that mounts the map, not a frame later) and again after
 * the notices of a change to my observations; null until the first read lands.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { MapPoint } from '../../core/map-point.ts';
import type { ContrechampDb } from '../../store/db.ts';
import { listMapPoints } from '../../store/map-points.ts';
import { onStoreChange } from '../shell/use-store-reading.ts';

export function useMapPoints(db: ContrechampDb): MapPoint[] | null {
  const [points, setPoints] = useState<MapPoint[] | null>(null);
  useLayoutEffect(() => {
    let live = true;
    let generation = 0;
    const load = () => {
      const mine = ++generation;
      // A failed read keeps what is drawn; the list reports the store's errors.
      listMapPoints(db).then((read) => live && mine === generation && setPoints(read), () => undefined);
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
