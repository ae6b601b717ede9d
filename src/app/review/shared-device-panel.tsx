/**
 * A device of the collective's map, tapped on the map view: its kind, state and public history,
 * and "still there?" (still-there.tsx) when the walker stands within 50 m of it and it is due;
 * due but farther away, a word on coming closer. Reads only that device's publication (and the
 * server's interval), read again when a pull or an answer changes them.
 */
import { CHECK_RADIUS } from '../../core/nearby-devices.ts';
import type { Observation } from '../../core/observation.ts';
import { canBeRechecked, DEFAULT_RECHECK_DAYS, isDue, type Publication } from '../../core/publication.ts';
import { brusselsDay } from '../../core/public-time.ts';
import { getMeta } from '../../store/meta.ts';
import { getPublication } from '../../store/shared.ts';
import { isOffered, StillThereButtons, useAnswered } from '../check/still-there.tsx';
import { formatNumber } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.ts';
import { useGeolocation } from '../sensors/use-geolocation.ts';
import { useDb } from '../shell/db-context.ts';
import { useStoreReading } from '../shell/use-store-reading.ts';
import type { KnownDevice } from '../sync/use-collective-map.ts';

function usePublication(id: string): { publication: Publication | undefined; recheckDays: number } {
  const db = useDb();
  return useStoreReading(
    async () => {
      const [publication, days] = await Promise.all([getPublication(db, id), getMeta(db, 'recheckDays')]);
      return { publication, recheckDays: days ?? DEFAULT_RECHECK_DAYS };
    },
    ['publication', 'meta'],
    { publication: undefined, recheckDays: DEFAULT_RECHECK_DAYS },
    [db, id],
  );
}

export function SharedDevicePanel({ observation, onClose }: { observation: Observation; onClose: () => void }) {
  const t = useT();
  const lang = useLanguage();
  const answered = useAnswered(useDb());
  const geo = useGeolocation({ immediate: true });
  const { publication: p, recheckDays } = usePublication(observation.id);
  const device: KnownDevice = { id: observation.id, kind: observation.kind, lon: observation.position.lon, lat: observation.position.lat, own: false, observation, publication: p };
  const today = brusselsDay(new Date().toISOString());
  const due = p?.state === 'published' && canBeRechecked(device.kind) && isDue(p.lastConfirmed, today, recheckDays);
  const offered = geo.position !== null && isOffered(device, geo.position, today, recheckDays, answered);
  return (
    <div class="map-device map-device--floating" data-testid="map-device" data-id={device.id} data-state={p?.state ?? ''} role="group" aria-labelledby="map-device-title">
      <p>
        <strong id="map-device-title">{t(`kind.${device.kind}`)}</strong>
        {p && ` · ${t(`publication.${p.state}`)}`}
        {p?.confirmations !== undefined &&
          ` · ${t('moderation.mapConfirmed', { n: formatNumber(p.confirmations, lang), day: p.lastConfirmed ?? t('common.none') })}`}
      </p>
      {answered.has(device.id) && <p class="hint">{t('check.answered')}</p>}
      {offered && (
        <>
          <p>{t('check.title')}</p>
          <StillThereButtons device={device} />
        </>
      )}
      {due && !offered && !answered.has(device.id) && <p class="hint">{t('check.comeCloser', { radius: CHECK_RADIUS })}</p>}
      <button type="button" class="secondary" data-testid="map-device-close" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
