/**
 * The Moderation view's map (the app's ObservationMap, small): the queued observation in view, its
 * duplicate candidates (published devices within 30 m) and the device it says changed, over the
 * shared map this phone holds. A tap on a published fixed device anywhere on the map offers to mark
 * it removed, gone from the street on a day the moderator gives (today at most); the decision is
 * queued like every other one.
 */
import { useMemo, useState } from 'preact/hooks';
import { mapPointsOf } from '../../core/map-point.ts';
import type { Observation } from '../../core/observation.ts';
import { canBeRechecked, type PublicationState } from '../../core/publication.ts';
import { brusselsDay } from '../../core/public-time.ts';
import type { Decision, QueuePage } from '../../core/wire.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.ts';
import { ObservationMap } from '../map/observation-map.tsx';
import type { KnownDevice } from '../sync/use-collective-map.ts';

type QueueItem = QueuePage['items'][number];

/** A device the moderator tapped: what the map knows of it. */
export interface PickedDevice {
  /** The id a decision names it by (the public id for a device of the shared map). */
  id: string;
  observation: Observation;
  state: PublicationState | undefined;
  confirmations: number | undefined;
  lastConfirmed: string | undefined;
}

/** The devices around a queued observation: its candidates and the device it says changed. */
function aroundOf(item: QueueItem): (QueueItem['candidates'][number] | NonNullable<QueueItem['supersedes']>)[] {
  return item.supersedes ? [...item.candidates, item.supersedes] : item.candidates;
}

/** The queued observation as the map draws it: itself, its candidates and the device it says changed. */
export function focusedObservations(item: QueueItem | null): Observation[] {
  if (!item) return [];
  return [item.observation as Observation, ...aroundOf(item).map((c) => c.observation as Observation)];
}

/**
 * What a tap on `id` found: a candidate of the queued item or the device it says changed, or a device of
 * the shared map; null for the queued observation itself or anything unknown.
 */
export function pickDevice(id: string, item: QueueItem | null, shared: readonly KnownDevice[]): PickedDevice | null {
  const near = item ? aroundOf(item).find((c) => c.publicId === id || c.id === id) : undefined;
  if (near) {
    const obs = near.observation as Observation;
    const state: PublicationState = item?.supersedes === near ? item.supersedes.state : 'published';
    return { id: near.publicId, observation: obs, state, confirmations: near.confirmations, lastConfirmed: near.lastConfirmed ?? undefined };
  }
  const known = shared.find((d) => d.id === id);
  if (!known) return null;
  const p = known.publication;
  return { id: known.id, observation: known.observation, state: p?.state, confirmations: p?.confirmations, lastConfirmed: p?.lastConfirmed };
}

/** Whether a moderator may mark it removed: a published fixed device (events are never removed). */
export const canMarkRemoved = (d: PickedDevice): boolean => d.state === 'published' && canBeRechecked(d.observation.kind);

export interface ModerationMapProps {
  item: QueueItem | null;
  /** The shared map (others' public devices) this phone holds. */
  shared: readonly KnownDevice[];
  /** Ids with a decision queued on this phone. */
  queued: ReadonlySet<string>;
  onDecide: (decisions: Decision[]) => Promise<void>;
}

export function ModerationMap({ item, shared, queued, onDecide }: ModerationMapProps) {
  const t = useT();
  const lang = useLanguage();
  const today = brusselsDay(new Date().toISOString());
  const [picked, setPicked] = useState<PickedDevice | null>(null);
  const [on, setOn] = useState(today);
  const drawn = useMemo(() => mapPointsOf(focusedObservations(item)), [item]);
  const others = useMemo(() => mapPointsOf(shared.map((d) => d.observation)), [shared]);
  const focus = item ? (item.observation as Observation).position : null;

  const select = (id: string) => {
    setPicked(pickDevice(id, item, shared));
    setOn(today);
  };
  const remove = async (device: PickedDevice) => {
    await onDecide([{ decision: 'remove', id: device.id, on: on && on <= today ? on : today }]);
    setPicked(null);
  };

  return (
    <div class="moderation-map">
      <ObservationMap points={drawn} shared={others} onSelect={select} focus={focus} compact label={t('moderation.mapLabel')} testId="moderation-map" />
      <p class="hint">{t('moderation.mapHint')}</p>
      {picked && (
        <div class="map-device" data-testid="map-device" data-id={picked.id} data-state={picked.state ?? ''} role="group" aria-label={t(`kind.${picked.observation.kind}`)}>
          <p>
            <strong>{t(`kind.${picked.observation.kind}`)}</strong> ·{' '}
            {picked.state ? t(`publication.${picked.state}`) : t('common.none')}
            {picked.confirmations !== undefined &&
              ` · ${t('moderation.mapConfirmed', { n: formatNumber(picked.confirmations, lang), day: picked.lastConfirmed ?? t('common.none') })}`}
          </p>
          {queued.has(picked.id) ? (
            <p class="hint">{t('moderation.mapQueued')}</p>
          ) : canMarkRemoved(picked) ? (
            <div class="button-row">
              <div class="field">
                <label for="removed-on">{t('moderation.removedOn')}</label>
                <input id="removed-on" type="date" data-testid="removed-on" max={today} value={on} onInput={(e) => setOn(e.currentTarget.value)} />
              </div>
              <button type="button" class="danger" data-testid="map-mark-removed" onClick={() => void remove(picked)}>
                {t('moderation.removed')}
              </button>
            </div>
          ) : null}
          <button type="button" class="secondary" onClick={() => setPicked(null)}>
            {t('common.close')}
          </button>
        </div>
      )}
    </div>
  );
}
