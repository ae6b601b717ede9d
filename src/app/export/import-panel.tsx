/**
 * Import: pick a file (GeoJSON, our ZIP bundle, OSM XML, Overpass JSON, CSV), see a preview
 * (counts per kind, new / updated / unchanged / older, photos, and every skipped record with its
 * reason), then confirm to write it all in one transaction. Nothing is written before the confirm,
 * and a failed import changes nothing.
 */
import { useRef, useState } from 'preact/hooks';
import type { SkippedRecord } from '../../core/codecs/import-result.ts';
import { KINDS } from '../../core/taxonomy.ts';
import { applyImport, IMPORT_OUTCOMES, isEmptyPlan, planImport, type ImportPlan } from '../../store/import.ts';
import { importNamespace } from '../../store/meta.ts';
import { messageKeyOf } from '../../core/keyed-error.ts';
import type { MessageKey, MessageParams } from '../i18n/catalogues.ts';
import { formatBytes, formatNumber } from '../i18n/format.ts';
import { errorMessage, messageFor, useLanguage, useT } from '../i18n/language.ts';
import { useDb } from '../shell/db-context.ts';
import { useFeedback } from '../shell/feedback.tsx';
import { IMPORT_ACCEPT, type ImportSource } from './read-import-file.ts';
import { readImportInWorker } from './read-import-in-worker.ts';

type Stage =
  | { step: 'idle' }
  | { step: 'reading'; name: string }
  | { step: 'preview'; name: string; source: ImportSource; plan: ImportPlan }
  | { step: 'writing'; name: string; source: ImportSource; plan: ImportPlan; written?: number; total?: number }
  | { step: 'done'; plan: ImportPlan };

interface Problem {
  key: MessageKey;
  params: MessageParams;
}

/** The reason's values; a record named by its 0-based position (`#2`) is shown 1-based like the list. */
function reasonParams(s: SkippedRecord): MessageParams {
  const params: MessageParams = { field: '', ref: '', type: '', max: '', ...s.params };
  const position = /^#(\d+)$/.exec(String(params.ref));
  if (position) params.ref = `#${Number(position[1]) + 1}`;
  return params;
}

function SkippedList({ skipped, total }: { skipped: SkippedRecord[]; total: number }) {
  const t = useT();
  const lang = useLanguage();
  if (total === 0) return null;
  return (
    <details class="import-skipped" open={total <= 20} data-testid="import-skipped">
      <summary>{t('import.skippedTitle', { count: formatNumber(total, lang) })}</summary>
      <ul>
        {skipped.map((s) => (
          <li key={s.index} data-reason={s.reason}>
            {t('import.skippedRow', { number: s.index + 1, reason: t(messageFor(s.reason, 'import.invalidRecord'), reasonParams(s)) })}
          </li>
        ))}
      </ul>
      {total > skipped.length && <p class="hint">{t('import.skippedMore', { count: formatNumber(total - skipped.length, lang) })}</p>}
    </details>
  );
}

function PlanTable({ plan }: { plan: ImportPlan }) {
  const t = useT();
  const lang = useLanguage();
  const fmt = (n: number) => formatNumber(n, lang);
  const kinds = KINDS.filter((k) => plan.byKind[k]);
  return (
    <div class="import-table-wrap">
      <table class="import-table" data-testid="import-plan">
        <thead>
          <tr>
            <th scope="col">{t('import.kind')}</th>
            {IMPORT_OUTCOMES.map((o) => (
              <th scope="col" key={o}>
                {t(`import.outcome.${o}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kinds.map((kind) => (
            <tr key={kind} data-kind={kind}>
              <th scope="row">{t(`kind.${kind}`)}</th>
              {IMPORT_OUTCOMES.map((o) => (
                <td key={o}>{fmt(plan.byKind[kind]?.[o] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="import-totals">
            <th scope="row">{t('import.total')}</th>
            {IMPORT_OUTCOMES.map((o) => (
              <td key={o} data-outcome={o}>
                {fmt(plan.totals[o])}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function PlanNotes({ plan, source }: { plan: ImportPlan; source?: ImportSource }) {
  const t = useT();
  const lang = useLanguage();
  const fmt = (n: number) => formatNumber(n, lang);
  const shared = plan.shared.new + plan.shared.updated + plan.shared.unchanged + plan.shared.older;
  const unknown = Object.entries(source?.unknownTags ?? {});
  return (
    <>
      {source?.remark && (
        <p class="hint" data-testid="import-remark">
          {t('import.remark', { remark: source.remark })}
        </p>
      )}
      {plan.photos.added + plan.photos.present + plan.photos.missing > 0 && (
        <p data-testid="import-photos">{t('import.photos', { added: fmt(plan.photos.added), present: fmt(plan.photos.present), missing: fmt(plan.photos.missing) })}</p>
      )}
      {shared > 0 && <p>{t('import.shared', { added: fmt(plan.shared.new + plan.shared.updated), unchanged: fmt(plan.shared.unchanged + plan.shared.older) })}</p>}
      {plan.totals.older > 0 && <p class="hint">{t('import.olderHint')}</p>}
      {plan.alreadySynced > 0 && <p class="hint">{t('import.alreadySynced', { count: fmt(plan.alreadySynced) })}</p>}
      {plan.duplicates > 0 && <p class="hint">{t('import.duplicates', { count: fmt(plan.duplicates) })}</p>}
      {source && source.skippedPhotos.length > 0 && (
        <ul class="import-skipped">
          {source.skippedPhotos.map((p) => (
            <li key={p.name}>
              <code>{p.name}</code> {t(p.reason)}
            </li>
          ))}
        </ul>
      )}
      {unknown.length > 0 && (
        <p class="hint">
          {t('import.unknownTags', { tags: unknown.map(([key, n]) => `${key} (${fmt(n)})`).join(', ') })}
        </p>
      )}
    </>
  );
}

export function ImportPanel() {
  const t = useT();
  const lang = useLanguage();
  const db = useDb();
  const { announce } = useFeedback();
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const fail = (e: unknown, fallback: MessageKey) => {
    const known = messageKeyOf(e);
    const params = known?.params;
    const resolved = errorMessage(e, fallback);
    const shown: MessageParams = { ...params };
    if (resolved === 'import.tooLarge' && typeof params?.max === 'number') shown.max = formatBytes(params.max, lang);
    setProblem({ key: resolved, params: shown });
  };

  const pick = async (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    setStage({ step: 'reading', name: file.name });
    try {
      const source = await readImportInWorker(file, { idNamespace: await importNamespace(db) });
      const plan = await planImport(db, source.bundle);
      setStage({ step: 'preview', name: file.name, source, plan });
      announce(t('import.previewReady', { name: file.name }));
    } catch (e) {
      setStage({ step: 'idle' });
      fail(e, 'import.failed');
      // So that picking the same file again (once fixed) fires a change.
      if (input.current) input.current.value = '';
    }
  };

  const confirm = async () => {
    if (stage.step !== 'preview') return;
    const writing = { ...stage, step: 'writing' as const };
    setStage(writing);
    try {
      const plan = await applyImport(db, stage.source.bundle, new Date(), (written, total) => setStage({ ...writing, written, total }));
      setStage({ step: 'done', plan });
      announce(t('import.done', { added: plan.totals.new, updated: plan.totals.updated }));
    } catch (e) {
      setStage({ ...stage, step: 'preview' });
      fail(e, 'import.failed');
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const cancel = () => {
    setStage({ step: 'idle' });
    if (input.current) input.current.value = '';
  };

  return (
    <section class="import-panel" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('import.title')}</h2>
      <div class="field">
        <label for="import-input">{t('import.choose')}</label>
        <input
          ref={input}
          id="import-input"
          type="file"
          accept={IMPORT_ACCEPT}
          data-testid="import-input"
          disabled={stage.step === 'reading' || stage.step === 'writing'}
          onChange={(e) => void pick(e.currentTarget.files?.[0])}
        />
        <p class="hint">{t('import.hint')}</p>
      </div>
      {stage.step === 'reading' && (
        <p role="status" data-testid="import-reading">
          {t('import.reading', { name: stage.name })}
        </p>
      )}
      {problem && (
        <p role="alert" class="notice" data-testid="import-error" data-key={problem.key}>
          {t(problem.key, problem.params)}
        </p>
      )}
      {(stage.step === 'preview' || stage.step === 'writing') && (
        <div data-testid="import-preview">
          <h3>{t('import.previewTitle', { name: stage.name })}</h3>
          <p>{t(`import.format.${stage.source.format}`)}</p>
          <PlanTable plan={stage.plan} />
          <PlanNotes plan={stage.plan} source={stage.source} />
          <SkippedList skipped={stage.source.skipped} total={stage.source.skippedTotal} />
          {isEmptyPlan(stage.plan) && <p data-testid="import-nothing">{t('import.nothing')}</p>}
          {stage.step === 'writing' && (
            // Without a value (indeterminate) until the first slice is written.
            <progress data-testid="import-progress" aria-label={t('import.writing')} max={stage.total} value={stage.written} />
          )}
          <div class="button-row">
            <button type="button" class="secondary" onClick={cancel} disabled={stage.step === 'writing'}>
              {t('common.cancel')}
            </button>
            <button type="button" class="primary" data-testid="import-confirm" disabled={stage.step === 'writing' || isEmptyPlan(stage.plan)} onClick={() => void confirm()}>
              {stage.step === 'writing' ? t('import.writing') : t('import.confirm')}
            </button>
          </div>
        </div>
      )}
      {stage.step === 'done' && (
        <div role="status" data-testid="import-done">
          <p>{t('import.done', { added: formatNumber(stage.plan.totals.new, lang), updated: formatNumber(stage.plan.totals.updated, lang) })}</p>
          <PlanNotes plan={stage.plan} />
        </div>
      )}
    </section>
  );
}
