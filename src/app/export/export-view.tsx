/**
 * The export view (route #/export): my observations (all, what the list's filters show, or a date
 * range), optionally with the shared map, to GeoJSON, CSV, OSM XML, KML, GPX or the ZIP bundle;
 * a progress bar while it runs and a share button where the browser can share files. The import
 * panel sits below it.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ExportOptions } from '../../core/codecs/export-formats.ts';
import type { Observation } from '../../core/observation.ts';
import { sharedCount } from '../../store/shared.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { formatNumber } from '../i18n/format.ts';
import { withoutBreakHints } from '../i18n/kind-names.ts';
import { errorMessage, useLanguage, useT } from '../i18n/language.ts';
import { NO_FILTERS, applyListFilters, currentListFilters, type ListFilters } from '../review/list-filters.ts';
import { useObservations } from '../review/use-observations.ts';
import { useDb } from '../shell/db-context.ts';
import { useFeedback } from '../shell/feedback.tsx';
import { ViewTitle } from '../shell/view-title.tsx';
import './export.css';
import { ImportPanel } from './import-panel.tsx';
import { ProgressBar } from './progress-bar.tsx';
import { exportName, runExport, type ExportButton, type ExportDone } from './run-export.ts';
import { canShareFile, clearExportLeftovers, downloadBlob, openZipTarget } from './save-target.ts';

type Scope = 'all' | 'filtered' | 'range';
type Button = ExportButton;
const BUTTONS: readonly Button[] = ['geojson', 'csv', 'osm', 'kml', 'gpx', 'zip'];

/** Local calendar days from <input type=date>, as the list's filter reads them. */
const rangeFilter = (from: string, to: string): ListFilters => ({ ...NO_FILTERS, from, to });


export function ExportView() {
  const t = useT();
  const lang = useLanguage();
  const db = useDb();
  const { announce } = useFeedback();
  const { data } = useObservations();
  const [scope, setScope] = useState<Scope>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [withShared, setWithShared] = useState(false);
  const [sharedTotal, setSharedTotal] = useState(0);
  const [busy, setBusy] = useState<Button | null>(null);
  const [percent, setPercent] = useState(0);
  const [done, setDone] = useState<ExportDone | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const lastPercent = useRef(-1);

  useEffect(() => {
    void clearExportLeftovers().catch(() => undefined);
    void sharedCount(db).then(setSharedTotal, () => setSharedTotal(0));
  }, [db]);

  const listFilters = currentListFilters();
  const selected = useMemo((): Observation[] => {
    if (!data) return [];
    if (scope === 'all') return data.observations;
    if (scope === 'filtered') return applyListFilters(data.observations, listFilters, data);
    return applyListFilters(data.observations, rangeFilter(from, to), {});
  }, [data, scope, from, to, listFilters]);

  const progress = (doneUnits: number, total: number) => {
    const next = total > 0 ? Math.min(100, Math.floor((doneUnits / total) * 100)) : 100;
    // Called for every record: only a new whole percent re-renders.
    if (next !== lastPercent.current) {
      lastPercent.current = next;
      setPercent(next);
    }
  };

  const options: ExportOptions = { kindLabel: (kind) => withoutBreakHints(t(`kind.${kind}`)) };

  const run = async (button: Button) => {
    setError(null);
    setDone(null);
    lastPercent.current = -1;
    setPercent(0);
    const now = new Date();
    // The file picker wants the click's user activation: ask for the target before any await.
    const zipTarget = button === 'zip' ? openZipTarget(exportName(button, now), t('export.format.zip')) : null;
    setBusy(button);
    try {
      const result = await runExport(db, {
        format: button,
        selected: scope === 'all' ? null : selected,
        withShared,
        lang,
        options,
        now,
        zipTarget,
        onProgress: progress,
        deliver: (file, name) => downloadBlob(file, name),
      });
      if (!result) return;
      setDone(result);
      setPercent(100);
      announce(t('export.done', { name: result.name }));
    } catch (e) {
      setError(errorMessage(e, 'export.failed'));
    } finally {
      setBusy(null);
    }
  };

  const share = async (file: File) => {
    try {
      await navigator.share({ files: [file], title: file.name });
    } catch (e) {
      if ((e as { name?: string }).name !== 'AbortError') setError('export.shareFailed');
    }
  };

  const fmt = (n: number) => formatNumber(n, lang);
  const scopeOption = (value: Scope, label: MessageKey) => (
    <label class="segment">
      <input type="radio" name="export-scope" value={value} checked={scope === value} data-testid={`export-scope-${value}`} onChange={() => setScope(value)} />
      <span>{t(label)}</span>
    </label>
  );

  return (
    <section class="export-view" data-testid="export-view">
      <ViewTitle>{t('export.title')}</ViewTitle>
      <fieldset class="field">
        <legend>{t('export.what')}</legend>
        <div class="segments">
          {scopeOption('all', 'export.scopeAll')}
          {scopeOption('filtered', 'export.scopeFiltered')}
          {scopeOption('range', 'export.scopeRange')}
        </div>
        {scope === 'range' && (
          <div class="export-range">
            <div class="field">
              <label for="export-from">{t('export.from')}</label>
              <input id="export-from" type="date" value={from} data-testid="export-from" onInput={(e) => setFrom(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="export-to">{t('export.to')}</label>
              <input id="export-to" type="date" value={to} data-testid="export-to" onInput={(e) => setTo(e.currentTarget.value)} />
            </div>
          </div>
        )}
        <label class="export-shared">
          <input type="checkbox" checked={withShared} data-testid="export-shared" onChange={(e) => setWithShared(e.currentTarget.checked)} />{' '}
          {t('export.includeShared', { count: fmt(sharedTotal) })}
        </label>
        <p class="hint" data-testid="export-count" aria-live="polite">
          {t('export.count', { count: fmt(selected.length) })}
        </p>
      </fieldset>

      <div class="export-buttons">
        {BUTTONS.map((button) => (
          <button key={button} type="button" class={button === 'zip' ? 'primary' : 'secondary'} data-testid={`export-${button}`} disabled={busy !== null || !data} onClick={() => void run(button)}>
            <span class="export-format">{t(`export.format.${button}`)}</span>
            <span class="hint">{t(`export.formatHint.${button}`)}</span>
          </button>
        ))}
      </div>

      {busy !== null && <ProgressBar percent={percent} label={t('export.progress')} testId="export-progress" />}
      {error && (
        <p role="alert" class="notice" data-testid="export-error">
          {t(error)}
        </p>
      )}
      {done && (
        <div class="export-done" data-testid="export-done">
          <p>{t('export.done', { name: done.name })}</p>
          {done.missing > 0 && <p class="hint">{t('export.missingPhotos', { count: fmt(done.missing) })}</p>}
          {done.file && canShareFile(done.file) && (
            <button type="button" class="secondary" data-testid="export-share" onClick={() => void share(done.file as File)}>
              {t('export.share')}
            </button>
          )}
        </div>
      )}

      <ImportPanel />
    </section>
  );
}
