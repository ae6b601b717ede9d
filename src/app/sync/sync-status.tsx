/**
 * The sync badge, always visible: how many changes wait (data-pending: observations, answers and
 * moderator decisions; data-decisions: those decisions), and under it the last
 * error in a few words or else the time of the last success; a tap opens the details (the error in
 * full sentences, conflicts, refused changes) and "sync now" is always at hand.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Language } from '../i18n/catalogues.ts';
import { formatDateTime, localeFor } from '../i18n/format.ts';
import { messageFor, useLanguage, useT } from '../i18n/language.ts';
import { useDb } from '../shell/db-context.ts';
import { hrefFor } from '../shell/routes.ts';
import { UiIconView } from '../icons/icon.tsx';
import { useSync } from './use-sync.ts';
import './sync.css';

type Tone = 'ok' | 'waiting' | 'running' | 'offline' | 'error';

/** The hour alone for today (the usual case on a walk), the date and hour otherwise. */
function shortTime(iso: string, lang: Language, now: Date = new Date()): string {
  const d = new Date(iso);
  if (d.toDateString() !== now.toDateString()) return formatDateTime(iso, lang);
  return new Intl.DateTimeFormat(localeFor(lang), { hour: '2-digit', minute: '2-digit' }).format(d);
}

export function SyncStatus() {
  const t = useT();
  const lang = useLanguage();
  const db = useDb();
  const { status, controller } = useSync(db);
  const [open, setOpen] = useState(false);

  // The details close when the view changes or on Escape: they must not linger over another view.
  useEffect(() => {
    if (!open) return;
    const close = () => setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('hashchange', close);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', close);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const tone: Tone = status.running
    ? 'running'
    : !status.online
      ? 'offline'
      : status.lastError || status.conflicts > 0 || status.refused.length > 0
        ? 'error'
        : status.pending > 0
          ? 'waiting'
          : 'ok';
  const summary = status.running ? t('syncStatus.running') : status.pending > 0 ? t('syncStatus.pending', { count: status.pending }) : t('syncStatus.allSent');
  const error = status.lastError ? t(messageFor(status.lastError.key, 'syncError.network')) : null;
  const shortError = status.lastError ? t(messageFor(status.lastError.key.replace('syncError.', 'syncErrorShort.'), 'syncErrorShort.network')) : null;
  const lastLine = shortError ?? (status.lastSuccessAt ? t('syncStatus.lastSuccessShort', { time: shortTime(status.lastSuccessAt, lang) }) : t('syncStatus.neverShort'));

  return (
    <div
      class={`sync-status sync-tone-${tone}`}
      data-testid="sync-status"
      data-pending={status.pending}
      data-decisions={status.decisions}
      data-state={tone}
      data-conflicts={status.conflicts}
      data-refused={status.refused.length}
      data-error={status.lastError?.key ?? ''}
      data-last-success={status.lastSuccessAt ?? ''}
    >
      <button type="button" class="sync-summary" aria-expanded={open} aria-controls="sync-details" onClick={() => setOpen(!open)} title={t('syncStatus.details')}>
        <span class="sync-dot" aria-hidden="true" />
        <span class="sync-lines">
          <span>{summary}</span>
          <span class="sync-sub" data-testid="sync-sub">
            {lastLine}
          </span>
        </span>
      </button>
      <button
        type="button"
        class="sync-now"
        data-testid="sync-now"
        disabled={status.running}
        aria-label={t('syncStatus.syncNow')}
        title={t('syncStatus.syncNow')}
        onClick={() => void controller.syncNow()}
      >
        <UiIconView name="sync" />
      </button>
      {/* The error is announced where it appears; the rest waits for a tap. */}
      <p class="visually-hidden" role="status" aria-live="polite">
        {error ?? ''}
      </p>
      {open && (
        <div id="sync-details" class="sync-details" role="region" aria-label={t('syncStatus.details')}>
          {!status.online && <p>{t('syncStatus.offline')}</p>}
          <p data-testid="sync-last-success">
            {status.lastSuccessAt ? t('syncStatus.lastSuccess', { time: formatDateTime(status.lastSuccessAt, lang) }) : t('syncStatus.never')}
          </p>
          {error && (
            <p class="sync-error" data-testid="sync-last-error">
              {error}
            </p>
          )}
          {status.nextRetryAt && error && <p>{t('syncStatus.nextRetry', { time: formatDateTime(status.nextRetryAt, lang) })}</p>}
          {status.decisions > 0 && <p data-testid="sync-decisions">{t('syncStatus.decisions', { count: status.decisions })}</p>}
          {status.conflicts > 0 && <p data-testid="sync-conflicts">{t('syncStatus.conflicts', { count: status.conflicts })}</p>}
          {status.refused.length > 0 && (
            <div data-testid="sync-refused">
              <p>{t('syncStatus.refused', { count: status.refused.length })}</p>
              <ul>
                {status.refused.slice(0, 5).map((r) => (
                  <li key={r.id}>
                    <a href={hrefFor({ view: 'detail', id: r.id })}>{t('syncStatus.refusedReason', { reason: r.reason })}</a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <button type="button" data-testid="sync-now-details" disabled={status.running} onClick={() => void controller.syncNow()}>
            {t('syncStatus.syncNow')}
          </button>
        </div>
      )}
    </div>
  );
}
