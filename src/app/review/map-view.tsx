/** My observations (and the shared map underneath) on MapLibre; a tap on a marker opens its detail. */
import { useLayoutEffect } from 'preact/hooks';
import { useT } from '../i18n/language.ts';
import { loadMapRuntime } from '../map/load-map-runtime.ts';
import { loadMaplibre } from '../map/load-maplibre.ts';
import { ObservationMap } from '../map/observation-map.tsx';
import { useDb } from '../shell/db-context.ts';
import { navigate } from '../shell/routes.ts';
import { useSharedMap } from '../sync/use-shared-map.ts';
import { useObservations } from './use-observations.ts';

const NONE: never[] = [];

export function MapView() {
  const t = useT();
  const db = useDb();
  const { data } = useObservations();
  const shared = useSharedMap(db, data?.observations ?? NONE);
  // The map's code is fetched while the observations are read, not after: the map waits for both.
  // A failure here is the map's to report when it asks again.
  useLayoutEffect(() => {
    void Promise.all([loadMapRuntime(), loadMaplibre()]).catch(() => undefined);
  }, []);

  return (
    <section class="map-view">
      <h1 class="visually-hidden">{t('map.title')}</h1>
      {data && (
        <ObservationMap
          observations={data.observations}
          shared={shared}
          // A shared device has no detail on this phone: only mine open one.
          onSelect={(id) => data.observations.some((o) => o.id === id) && navigate({ view: 'detail', id })}
        />
      )}
    </section>
  );
}
