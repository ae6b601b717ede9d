/**
 * "Still there?": the published fixed devices within 50 m of the walker whose last confirmation is
 * older than the server's interval (RECHECK_DAYS; 0 makes every device due), each with the answers
 * of still-there.tsx (yes, no, changed), queued on the device so this works offline.
 */
import { useMemo } from 'preact/hooks';
import { CHECK_RADIUS } from '../../core/nearby-devices.ts';
import { brusselsDay } from '../../core/public-time.ts';
import { KIND_META } from '../../core/taxonomy.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.ts';
import { useGeolocation } from '../sensors/use-geolocation.ts';
import { useDb } from '../shell/db-context.ts';
import { ViewTitle } from '../shell/view-title.tsx';
import { useCollectiveMap } from '../sync/use-collective-map.ts';
import { KindIcon } from '../icons/icon.tsx';
import { isOffered, StillThereButtons, useAnswered } from './still-there.tsx';

export function CheckView() {
  const t = useT();
  const lang = useLanguage();
  const db = useDb();
  const geo = useGeolocation({ immediate: true });
  const map = useCollectiveMap(db);
  const answered = useAnswered(db);

  const today = brusselsDay(new Date().toISOString());
  const due = useMemo(() => {
    const here = geo.position;
    if (!map || !here) return [];
    return map.index.near(here, CHECK_RADIUS, (d) => isOffered(d, here, today, map.recheckDays, answered));
  }, [map, geo.position, answered, today]);

  return (
    <section class="check-view" data-testid="check-view">
      <ViewTitle>{t('check.title')}</ViewTitle>
      <p class="hint">{t('check.hint', { radius: CHECK_RADIUS })}</p>
      {!geo.position && <p>{geo.error ? t(geo.error) : t('log.positionWaiting')}</p>}
      {geo.position && map && due.length === 0 && (
        <p class="empty" data-testid="check-empty">
          {t('check.none')}
        </p>
      )}
      <ul class="check-list">
        {due.map(({ item: device, distance }) => {
          const meta = KIND_META[device.kind];
          const p = device.publication!;
          return (
            <li key={device.id} class="check-item" data-testid="check-item" data-id={device.id}>
              <p>
                <span class="kind-badge" style={{ background: meta.color }} aria-hidden="true">
                  <KindIcon kind={device.kind} />
                </span>{' '}
                <strong>{t(`kind.${device.kind}`)}</strong>{' '}
                {t('check.where', { distance: formatNumber(Math.round(distance), lang), day: p.lastConfirmed ?? p.firstSeen ?? '?' })}
              </p>
              <StillThereButtons device={device} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
