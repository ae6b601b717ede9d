/**
 * A device of the collective's map, tapped on the map view: its kind, state and public history,
 * and "still there?" (still-there.tsx) when the walker stands within 50 m of it and it is due;
 * due but farther away, a word on coming closer.
 */
import { CHECK_RADIUS } from '../../core/nearby-devices.ts';
import { canBeRechecked, isDue } from '../../core/publication.ts';
import { brusselsDay } from '../../core/public-time.ts';
import { isOffered, StillThereButtons, useAnswered } from '../check/still-there.tsx';
import { formatNumber } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.ts';
import { useGeolocation } from '../sensors/use-geolocation.ts';
import { useDb } from '../shell/db-context.ts';
import type { KnownDevice } from '../sync/use-collective-map.ts';

export function SharedDevicePanel({ device, recheckDays, onClose }: { device: KnownDevice; recheckDays: number; onClose: () => void }) {
  const t = useT();
  const lang = useLanguage();
  const answered = useAnswered(useDb());
  const geo = useGeolocation({ immediate: true });
  const today = brusselsDay(new Date().toISOString());
  const p = device.publication;
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
