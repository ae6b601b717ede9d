/**
 * "Still there?": the published fixed devices within 50 m of the walker whose last confirmation is
 * older than the server's interval (RECHECK_DAYS; 0 makes every device due). Yes confirms it today,
 * no is a "gone" report (two from different devices, or one moderator, mark it removed), changed
 * opens the kind picker for a new observation linked to it (it takes that device's place). Answers are queued on the device and go with the sync, so
 * this works offline.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { CHECK_RADIUS } from '../../core/nearby-devices.ts';
import { canBeRechecked, isDue } from '../../core/publication.ts';
import { brusselsDay } from '../../core/public-time.ts';
import { KIND_META } from '../../core/taxonomy.ts';
import { listActions, queueAction } from '../../store/actions.ts';
import { onStoreNotice } from '../../store/notices.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { formatNumber } from '../i18n/format.ts';
import { errorMessage, useLanguage, useT } from '../i18n/language.ts';
import { useGeolocation } from '../sensors/use-geolocation.ts';
import { useDb } from '../shell/db-context.ts';
import { useFeedback } from '../shell/feedback.tsx';
import { navigate } from '../shell/routes.ts';
import { ViewTitle } from '../shell/view-title.tsx';
import { useCollectiveMap, type KnownDevice } from '../sync/use-collective-map.ts';
import { kindGlyph } from '../map/kind-icons.ts';

export function CheckView() {
  const t = useT();
  const lang = useLanguage();
  const db = useDb();
  const { announce } = useFeedback();
  const geo = useGeolocation({ immediate: true });
  const map = useCollectiveMap(db);
  const [answered, setAnswered] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<MessageKey | null>(null);

  // Answers still waiting for the server: those devices are not asked again meanwhile.
  useEffect(() => {
    let live = true;
    const load = () =>
      void listActions(db).then((actions) => {
        if (live) setAnswered(new Set(actions.flatMap((a) => (a.type === 'confirmation' ? [a.confirmation.id] : []))));
      });
    load();
    const stop = onStoreNotice((n) => {
      if (n.stores === 'all' || n.stores.includes('actions')) load();
    });
    return () => {
      live = false;
      stop();
    };
  }, [db]);

  const today = brusselsDay(new Date().toISOString());
  const due = useMemo(() => {
    if (!map || !geo.position) return [];
    return map.index.near(
      geo.position,
      CHECK_RADIUS,
      (d) => d.publication?.state === 'published' && canBeRechecked(d.kind) && isDue(d.publication.lastConfirmed, today, map.recheckDays) && !answered.has(d.id),
    );
  }, [map, geo.position, answered, today]);

  const answer = async (device: KnownDevice, reply: 'yes' | 'no') => {
    setError(null);
    try {
      await queueAction(db, { type: 'confirmation', confirmation: { id: device.id, answer: reply, on: today } });
      announce(t(reply === 'yes' ? 'check.thanksYes' : 'check.thanksNo'));
    } catch (e) {
      setError(errorMessage(e, 'store.failed'));
    }
  };

  return (
    <section class="check-view" data-testid="check-view">
      <ViewTitle>{t('check.title')}</ViewTitle>
      <p class="hint">{t('check.hint', { radius: CHECK_RADIUS })}</p>
      {error && (
        <p class="field-error" role="alert">
          {t(error)}
        </p>
      )}
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
                  {kindGlyph(device.kind)}
                </span>{' '}
                <strong>{t(`kind.${device.kind}`)}</strong>{' '}
                {t('check.where', { distance: formatNumber(Math.round(distance), lang), day: p.lastConfirmed ?? p.firstSeen ?? '?' })}
              </p>
              <div class="button-row">
                <button type="button" class="primary" data-testid="still-there-yes" onClick={() => void answer(device, 'yes')}>
                  {t('check.yes')}
                </button>
                <button type="button" class="danger" data-testid="still-there-no" onClick={() => void answer(device, 'no')}>
                  {t('check.no')}
                </button>
                <button type="button" class="secondary" data-testid="still-there-changed" onClick={() => navigate({ view: 'pick', supersedes: device.id })}>
                  {t('check.changed')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
