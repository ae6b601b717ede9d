/**
 * "Still there?" for one published fixed device (StreetComplete's re-check, written as OSM
 * `check_date` on export): yes confirms it today, no is a "gone" report (two from different devices,
 * or one moderator, mark it removed), changed opens the kind picker for a new observation that takes
 * its place. The answer is queued on the device (store `actions`) and goes with the sync, so it
 * works offline. The "still there?" list and the map's device panel both offer it.
 */
import { useState } from 'preact/hooks';
import { CHECK_RADIUS } from '../../core/nearby-devices.ts';
import { distanceMetres, type LonLat } from '../../core/geometry.ts';
import { canBeRechecked, isDue } from '../../core/publication.ts';
import { brusselsDay } from '../../core/public-time.ts';
import { listActions, queueAction } from '../../store/actions.ts';
import type { ContrechampDb } from '../../store/db.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { errorMessage, useT } from '../i18n/language.ts';
import { useDb } from '../shell/db-context.ts';
import { useFeedback } from '../shell/feedback.tsx';
import { navigate } from '../shell/routes.ts';
import { useStoreReading } from '../shell/use-store-reading.ts';
import type { KnownDevice } from '../sync/use-collective-map.ts';

/**
 * Whether a walker at `here` is asked about `device` on `today` (a Brussels day): a published fixed
 * device within CHECK_RADIUS metres whose last confirmation is older than `recheckDays` (0: always),
 * not already answered on this phone.
 */
export function isOffered(device: KnownDevice, here: LonLat, today: string, recheckDays: number, answered: ReadonlySet<string>): boolean {
  const p = device.publication;
  return (
    p?.state === 'published' &&
    canBeRechecked(device.kind) &&
    isDue(p.lastConfirmed, today, recheckDays) &&
    !answered.has(device.id) &&
    distanceMetres(here, device) <= CHECK_RADIUS
  );
}

/** Devices whose answer still waits for the server on this phone: not asked again meanwhile. */
export function useAnswered(db: ContrechampDb): ReadonlySet<string> {
  return useStoreReading<ReadonlySet<string>>(
    async () => new Set((await listActions(db)).flatMap((a) => (a.type === 'confirmation' ? [a.confirmation.id] : []))),
    ['actions'],
    new Set(),
    [db],
  );
}

export function StillThereButtons({ device }: { device: KnownDevice }) {
  const t = useT();
  const db = useDb();
  const { announce } = useFeedback();
  const [error, setError] = useState<MessageKey | null>(null);

  const answer = async (reply: 'yes' | 'no') => {
    setError(null);
    try {
      await queueAction(db, { type: 'confirmation', confirmation: { id: device.id, answer: reply, on: brusselsDay(new Date().toISOString()) } });
      announce(t(reply === 'yes' ? 'check.thanksYes' : 'check.thanksNo'));
    } catch (e) {
      setError(errorMessage(e, 'store.failed'));
    }
  };

  return (
    <>
      {error && (
        <p class="field-error" role="alert">
          {t(error)}
        </p>
      )}
      <div class="button-row">
        <button type="button" class="primary" data-testid="still-there-yes" onClick={() => void answer('yes')}>
          {t('check.yes')}
        </button>
        <button type="button" class="danger" data-testid="still-there-no" onClick={() => void answer('no')}>
          {t('check.no')}
        </button>
        <button type="button" class="secondary" data-testid="still-there-changed" onClick={() => navigate({ view: 'pick', supersedes: device.id })}>
          {t('check.changed')}
        </button>
      </div>
    </>
  );
}
