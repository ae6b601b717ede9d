/** My observations (and the shared map underneath) on MapLibre; a tap on a marker opens its detail. */
import { useEffect, useState } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import { listShared } from '../../store/shared.ts';
import { useT } from '../i18n/language.ts';
import { ObservationMap } from '../map/observation-map.tsx';
import { useDb } from '../shell/db-context.ts';
import { navigate } from '../shell/routes.ts';
import { useObservations } from './use-observations.ts';

export function MapView() {
  const t = useT();
  const db = useDb();
  const { data } = useObservations();
  const [shared, setShared] = useState<Observation[]>([]);

  useEffect(() => {
    let live = true;
    listShared(db).then(
      (r) => live && setShared(r.observations),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [db]);

  return (
    <section class="map-view">
      <h1 class="visually-hidden">{t('map.title')}</h1>
      {data && <ObservationMap observations={data.observations} shared={shared} onSelect={(id) => navigate({ view: 'detail', id })} />}
    </section>
  );
}
