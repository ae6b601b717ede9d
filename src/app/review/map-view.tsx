/**
 * My observations (and the shared map underneath) on MapLibre; a tap on one of mine opens its
 * detail, a tap on one of the collective's shows it with "still there?" when it is due and near.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import { useT } from '../i18n/language.ts';
import { loadMapRuntime } from '../map/load-map-runtime.ts';
import { loadMaplibre } from '../map/load-maplibre.ts';
import { ObservationMap } from '../map/observation-map.tsx';
import { useDb } from '../shell/db-context.ts';
import { navigate } from '../shell/routes.ts';
import { useCollectiveMap, type KnownDevice } from '../sync/use-collective-map.ts';
import { useSharedMap } from '../sync/use-shared-map.ts';
import { SharedDevicePanel } from './shared-device-panel.tsx';
import { useObservations } from './use-observations.ts';

const NONE: never[] = [];

export function MapView() {
  const t = useT();
  const db = useDb();
  const { data } = useObservations();
  const shared = useSharedMap(db, data?.observations ?? NONE);
  const collective = useCollectiveMap(db);
  const [picked, setPicked] = useState<KnownDevice | null>(null);
  const select = (id: string) => {
    if (data?.observations.some((o) => o.id === id)) navigate({ view: 'detail', id });
    else setPicked(collective?.devices.find((d) => d.id === id && !d.own) ?? null);
  };
  // The panel follows the store (an answer sent, a pull): the same device, as it now stands.
  const current = picked ? (collective?.devices.find((d) => d.id === picked.id) ?? picked) : null;
  // The map's code is fetched while the observations are read, not after: the map waits for both.
  // A failure here is the map's to report when it asks again.
  useLayoutEffect(() => {
    void Promise.all([loadMapRuntime(), loadMaplibre()]).catch(() => undefined);
  }, []);

  return (
    <section class="map-view">
      <h1 class="visually-hidden">{t('map.title')}</h1>
      {data && (
        <ObservationMap observations={data.observations} shared={shared} onSelect={select} />
      )}
      {current && <SharedDevicePanel key={current.id} device={current} recheckDays={collective?.recheckDays ?? 0} onClose={() => setPicked(null)} />}
    </section>
  );
}
