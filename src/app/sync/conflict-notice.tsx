/**
 * Shown on an observation in conflict: the server's version is the one displayed; mine is kept
 * aside and summed up here, with the two choices. When a moderator merged it into another device,
 * mine cannot be sent: drop it, or log what changed as a new observation of that device ("it
 * changed"). Renders nothing when there is no conflict.
 */
import { useState } from 'preact/hooks';
import { conflictOf, settleConflict, type Conflict } from '../../sync/conflicts.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.ts';
import { useDb } from '../shell/db-context.ts';
import { useFeedback } from '../shell/feedback.tsx';
import { navigate } from '../shell/routes.ts';
import { useStoreReading } from '../shell/use-store-reading.ts';

export function ConflictNotice({ id }: { id: string }) {
  const t = useT();
  const lang = useLanguage();
  const db = useDb();
  const { announce } = useFeedback();
  const conflict = useStoreReading<Conflict | null>(
    () => conflictOf(db, id),
    (notice) => notice.stores === 'all' || (notice.stores.includes('sync') && (!notice.ids || notice.ids.includes(id))),
    null,
    [db, id],
  );
  const [busy, setBusy] = useState(false);

  if (!conflict) return null;
  const choose = async (keep: 'mine' | 'server') => {
    setBusy(true);
    try {
      await settleConflict(db, id, keep);
      announce(t(keep === 'mine' ? 'conflict.keptMine' : 'conflict.keptServer'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="notice conflict-notice" role="alert" data-testid="conflict-notice" aria-labelledby={`conflict-${id}`}>
      <h2 id={`conflict-${id}`}>{t('conflict.title')}</h2>
      <p>{t(conflict.survivor ? 'conflict.mergedText' : 'conflict.text')}</p>
      <p data-testid="conflict-mine">
        {t('conflict.mine', { time: formatDateTime(conflict.mine.updatedAt, lang) })}
        {conflict.mine.notes && (
          <>
            {' '}
            <q>{conflict.mine.notes}</q>
          </>
        )}
      </p>
      <div class="button-row">
        <button type="button" class="secondary" disabled={busy} data-testid="conflict-keep-server" onClick={() => void choose('server')}>
          {t(conflict.survivor ? 'conflict.dropMine' : 'conflict.keepServer')}
        </button>
        {conflict.survivor ? (
          // The merged observation takes no more edits: what changed is told as a change of the survivor.
          <button type="button" disabled={busy} data-testid="conflict-to-survivor" data-survivor={conflict.survivor} onClick={() => navigate({ view: 'pick', supersedes: conflict.survivor! })}>
            {t('conflict.toSurvivor')}
          </button>
        ) : (
          <button type="button" disabled={busy} data-testid="conflict-keep-mine" onClick={() => void choose('mine')}>
            {t('conflict.keepMine')}
          </button>
        )}
      </div>
    </section>
  );
}
