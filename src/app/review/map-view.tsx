/**
 * My observations (and the shared map underneath) on MapLibre; a tap on one of mine opens its
 * detail, a tap on one of the collective's shows it with "still there?" when it is due and near.
 */
import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { mapPointsOf } from '../../core/map-point.ts';
import { useT } from '../i18n/language.ts';
import { loadMapRuntime } from '../map/load-map-runtime.ts';
import { loadMaplibre } from '../map/load-maplibre.ts';
import { ObservationMap } from '../map/observation-map.tsx';
import { useDb } from '../shell/db-context.ts';
import { firstScreenShown } from '../shell/first-screen.ts';
import { navigate } from '../shell/routes.ts';
import { useSharedMap } from '../sync/use-shared-map.ts';
import { SharedDevicePanel } from './shared-device-panel.tsx';
import { useMapPoints } from './use-map-points.ts';

const NONE: never[] = [];

export function MapView() {
  const t = useT();
  const db = useDb();
  // The map's own small records, not whole observations: one short read (store/map-points.ts).
  const points = useMapPoints(db);
  const shared = useSharedMap(db, points ?? NONE);
  const sharedPoints = useMemo(() => mapPointsOf(shared), [shared]);
  const [picked, setPicked] = useState<string | null>(null);
  const select = (id: string) => {
    if (points?.some((p) => p.id === id)) navigate({ view: 'detail', id });
    else setPicked(id);
  };
  const current = picked ? shared.find((o) => o.id === picked) : undefined;
  // The map's code is fetched while the points are read, not after, and the map is made
  // meanwhile too: they are drawn when they come. A failure here is the map's to report when it
  // asks again.
  useLayoutEffect(() => {
    void Promise.all([loadMapRuntime(), loadMaplibre()]).catch(() => undefined);
  }, []);

  return (
    <section class="map-view">
      <h1 class="visually-hidden">{t('map.title')}</h1>
      <ObservationMap points={points} shared={sharedPoints} onSelect={select} onDrawn={firstScreenShown} />
      {current && <SharedDevicePanel key={current.id} observation={current} onClose={() => setPicked(null)} />}
    </section>
  );
}
