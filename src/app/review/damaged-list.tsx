/**
 * The damaged records of the list (unreadable in IndexedDB): each one is shown with its reason and
 * can be discarded for good, after a confirmation in a native modal dialog.
 */
import { useRef, useState } from 'preact/hooks';
import { discardDamaged } from '../../store/observations.ts';
import type { DamagedRecord } from '../../store/stored-records.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { errorMessage, useT } from '../i18n/language.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { useDb } from '../shell/db-context.ts';
import { useFeedback } from '../shell/feedback.tsx';

export function DamagedList({ damaged }: { damaged: readonly DamagedRecord[] }) {
  const t = useT();
  const db = useDb();
  const { toast } = useFeedback();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const opener = (key: string) => listRef.current?.querySelector<HTMLButtonElement>(`button[data-key="${CSS.escape(key)}"]`) ?? null;

  // Cancel or Escape: the focus goes back to the button that asked.
  const closed = () => {
    const key = confirming;
    setConfirming(null);
    setError(null);
    if (key !== null) opener(key)?.focus();
  };
  const discard = async (key: string) => {
    setBusy(true);
    setError(null);
    try {
      await discardDamaged(db, key);
      setConfirming(null);
      toast({ text: t('list.discarded') });
      // The row is gone: the view's title takes the focus rather than the page's end.
      document.querySelector<HTMLElement>('main .view-title')?.focus();
    } catch (e) {
      setError(errorMessage(e, 'store.failed'));
    } finally {
      setBusy(false);
    }
  };

  if (damaged.length === 0) return null;
  return (
    <>
      <ul ref={listRef} class="damaged-list" aria-label={t('list.damaged')}>
        {damaged.map((d) => (
          <li key={d.key} class="damaged" data-testid="damaged-item" data-id={d.key}>
            <strong>{t('list.damaged')}</strong> <code>{d.key}</code>
            <p>{t('list.damagedHint', { reason: d.reason })}</p>
            <button
              type="button"
              class="secondary"
              data-testid="discard-damaged"
              data-key={d.key}
              aria-label={t('list.discardLabel', { key: d.key })}
              onClick={() => setConfirming(d.key)}
            >
              {t('list.discard')}
            </button>
          </li>
        ))}
      </ul>
      {confirming !== null && (
        <ConfirmDialog
          id="discard"
          title={t('list.discardConfirmTitle')}
          text={t('list.discardConfirmText')}
          confirmLabel={t('list.discardConfirm')}
          busy={busy}
          error={error}
          onConfirm={() => void discard(confirming)}
          onClose={closed}
        >
          <p>
            <code>{confirming}</code>
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
