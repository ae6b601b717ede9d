/**
 * One observation: its details in words, photos, position, state; edit (a new version) and delete
 * (a tombstone, with a few seconds to undo).
 */
import { useState } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import { KIND_META } from '../../core/taxonomy.ts';
import { deleteObservation, getObservation, restoreObservation } from '../../store/observations.ts';
import { syncStateOf, type SyncState } from '../../store/outbox.ts';
import { StoredPhoto } from '../components/stored-photo.tsx';
import type { MessageKey } from '../i18n/catalogues.ts';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { errorMessage, t as translateNow, useLanguage, useT } from '../i18n/language.ts';
import { useDb } from '../shell/db-context.ts';
import { useFeedback } from '../shell/feedback.tsx';
import { hrefFor, navigate } from '../shell/routes.ts';
import { ViewTitle } from '../shell/view-title.tsx';
import { useStoreReading } from '../shell/use-store-reading.ts';
import { ConflictNotice } from '../sync/conflict-notice.tsx';
import { detailText } from './detail-values.ts';
import { PublicationFacts } from './publication-state.tsx';
import { getPublication } from '../../store/shared.ts';
import type { Publication } from '../../core/publication.ts';
import { KindIcon } from '../icons/icon.tsx';

/** "A few seconds to undo": long enough to reach the button, short enough not to linger. */
export const UNDO_MS = 6000;

type Loaded = { obs: Observation; state: SyncState; publication: Publication | undefined } | { error: MessageKey };

export function DetailView({ id }: { id: string }) {
  const t = useT();
  const lang = useLanguage();
  const db = useDb();
  const { toast, announce } = useFeedback();
  const loaded = useStoreReading<Loaded | null>(
    () =>
      Promise.all([getObservation(db, id), syncStateOf(db, id), getPublication(db, id)]).then(
        ([obs, state, publication]): Loaded => (obs && !obs.deleted ? { obs, state, publication } : { error: 'store.notFound' }),
        (e: unknown): Loaded => ({ error: errorMessage(e, 'store.failed') }),
      ),
    (notice) => notice.stores === 'all' || !notice.ids || notice.ids.includes(id) || notice.stores.includes('publication'),
    null,
    [db, id],
  );
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<MessageKey | null>(null);

  if (!loaded) return null;
  if ('error' in loaded) {
    return (
      <section data-testid="observation-detail" data-missing="true">
        <ViewTitle>{t('detail.title')}</ViewTitle>
        <p role="alert">{t(loaded.error)}</p>
        <a href={hrefFor({ view: 'list' })}>{t('common.back')}</a>
      </section>
    );
  }
  const { obs, state, publication } = loaded;
  const meta = KIND_META[obs.kind];

  const remove = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await deleteObservation(db, obs.id);
      navigate({ view: 'list' }, { replace: true });
      toast({
        text: translateNow('detail.deleted'),
        durationMs: UNDO_MS,
        action: {
          label: translateNow('detail.undo'),
          run: () => {
            restoreObservation(db, obs.id).then(
              () => announce(translateNow('detail.restored')),
              (e: unknown) => announce(translateNow(errorMessage(e, 'store.failed'))),
            );
          },
        },
      });
    } catch (e) {
      setActionError(errorMessage(e, 'store.failed'));
      setBusy(false);
    }
  };

  const p = obs.position;
  const coords = `${formatNumber(p.lat, lang, { maximumFractionDigits: 6 })}, ${formatNumber(p.lon, lang, { maximumFractionDigits: 6 })}`;

  return (
    <article class="detail-view" data-testid="observation-detail" data-id={obs.id}>
      <header class="form-header">
        <span class="kind-badge" style={{ background: meta.color }} aria-hidden="true">
          <KindIcon kind={obs.kind} />
        </span>
        <ViewTitle>{t(`kind.${obs.kind}`)}</ViewTitle>
      </header>
      {/* Nothing unless the server refused my change as stale; then both versions and a choice. */}
      <ConflictNotice id={obs.id} />
      <dl class="facts">
        <dt>{t('detail.observedAt')}</dt>
        <dd>
          <time dateTime={obs.observedAt}>{formatDateTime(obs.observedAt, lang)}</time>
        </dd>
        <dt>{t('detail.position')}</dt>
        <dd data-testid="detail-position">
          {coords}
          {p.accuracy !== null && ` (${t('detail.accuracy', { accuracy: formatNumber(Math.round(p.accuracy), lang) })})`}
          {' · '}
          {t(`detail.source.${p.source}`)}
        </dd>
        <dt>{t('certainty.label')}</dt>
        <dd>{t(`certainty.${obs.certainty}`)}</dd>
        {meta.fields
          .filter((name) => obs.details[name] !== undefined)
          .map((name) => [
            <dt key={`${name}-t`}>{t(`field.${name}`)}</dt>,
            <dd key={`${name}-d`} data-field={name}>
              {detailText(name, obs.details[name], t, lang)}
            </dd>,
          ])}
        <dt>{t('sync.label')}</dt>
        <dd>
          <span class={`sync-badge sync-${state}`}>{t(`sync.${state}`)}</span>
        </dd>
        {publication && <PublicationFacts publication={publication} />}
        <dt>{t('detail.version')}</dt>
        <dd>
          {formatNumber(obs.version, lang)}
          {obs.version > 1 && ` · ${t('detail.updatedAt')} ${formatDateTime(obs.updatedAt, lang)}`}
        </dd>
      </dl>
      {obs.notes && (
        <section>
          <h2>{t('detail.notes')}</h2>
          <p class="notes" data-testid="detail-notes">
            {obs.notes}
          </p>
        </section>
      )}
      {obs.photos.length > 0 && (
        <section>
          <h2>{t('detail.photos')}</h2>
          <ul class="photos" data-testid="detail-photos">
            {obs.photos.map((hash, i) => (
              <li key={hash}>
                <StoredPhoto hash={hash} alt={t('log.photoAlt', { n: i + 1 })} missingText={t('detail.photoMissing')} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {actionError && (
        <p role="alert" class="field-error">
          {t(actionError)}
        </p>
      )}
      <div class="button-row detail-actions">
        <a class="button secondary" href={hrefFor({ view: 'edit', id: obs.id })} data-testid="edit-observation">
          {t('detail.edit')}
        </a>
        <button type="button" class="danger" data-testid="delete-observation" disabled={busy} onClick={() => void remove()}>
          {t('detail.delete')}
        </button>
      </div>
    </article>
  );
}
