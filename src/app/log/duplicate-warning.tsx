/**
 * While logging a fixed device: a published device, or one of mine, of the same or a related kind
 * within 15 m is shown before saving. "It is this one" records a confirmation of it instead of a
 * new device; "it is another one" hides the warning. It never blocks Save, and works offline
 * against the shared map on the phone.
 */
import { useMemo, useState } from 'preact/hooks';
import { DUPLICATE_RADIUS, relatedKinds } from '../../core/nearby-devices.ts';
import type { Position } from '../../core/observation.ts';
import { isEventKind, type Kind } from '../../core/taxonomy.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.ts';
import { useDb } from '../shell/db-context.ts';
import { useCollectiveMap, type KnownDevice } from '../sync/use-collective-map.ts';

/** Mine unless refused; others' only when published (a removed device is gone from the street). */
export function mayBeDuplicate(device: KnownDevice): boolean {
  const state = device.publication?.state;
  if (device.own) return state !== 'rejected' && state !== 'merged';
  return state === undefined || state === 'published';
}

/** `supersedes`: the device the walker says changed is not a duplicate of what takes its place. */
export function DuplicateWarning({ kind, position, supersedes, onSame }: { kind: Kind; position: Position | null; supersedes?: string | undefined; onSame: (device: KnownDevice) => void }) {
  const t = useT();
  const lang = useLanguage();
  const map = useCollectiveMap(useDb());
  const [other, setOther] = useState<ReadonlySet<string>>(new Set());
  const hit = useMemo(() => {
    if (!map || !position || isEventKind(kind)) return null;
    const hits = map.index.near(position, DUPLICATE_RADIUS, (d) => relatedKinds(kind, d.kind) && mayBeDuplicate(d) && !other.has(d.id) && d.id !== supersedes);
    return hits[0] ?? null;
  }, [map, position, kind, other, supersedes]);
  if (!hit) return null;
  const { item: device, distance } = hit;
  const confirmations = device.publication?.confirmations;
  return (
    <section class="duplicate-warning notice" role="status" data-testid="duplicate-warning" data-id={device.id}>
      <p>
        {t(device.own ? 'duplicate.mine' : 'duplicate.known', { kind: t(`kind.${device.kind}`), distance: formatNumber(Math.round(distance), lang) })}
        {confirmations !== undefined && ` ${t('duplicate.confirmations', { n: formatNumber(confirmations, lang) })}`}
      </p>
      <div class="button-row">
        <button type="button" class="primary" data-testid="duplicate-same" onClick={() => onSame(device)}>
          {t('duplicate.same')}
        </button>
        <button type="button" class="secondary" data-testid="duplicate-other" onClick={() => setOther(new Set([...other, device.id]))}>
          {t('duplicate.other')}
        </button>
      </div>
    </section>
  );
}
