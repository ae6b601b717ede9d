/**
 * My observations, newest first, with filters (kind, dates, sync state, text in notes and operator).
 * Only a page of rows is in the DOM at a time ("show more" adds the next): 10,000 stored observations
 * cost one filter pass in memory and a hundred rows of DOM.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import { KINDS, KIND_META, type Kind } from '../../core/taxonomy.ts';
import { filterObservations, type ObservationFilter } from '../../store/observation-filter.ts';
import type { SyncState } from '../../store/outbox.ts';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { errorMessage, useLanguage, useT } from '../i18n/language.ts';
import { hrefFor } from '../shell/routes.ts';
import { ViewTitle } from '../shell/view-title.tsx';
import { DamagedList } from './damaged-list.tsx';
import { PublicationBadge } from './publication-state.tsx';
import { PUBLICATION_STATES, type Publication, type PublicationState } from '../../core/publication.ts';
import { useObservations } from './use-observations.ts';

export const PAGE_SIZE = 100;
const SYNC_STATES: readonly SyncState[] = ['local', 'waiting', 'synced', 'conflict'];

export interface ListFilters {
  kind: Kind | '';
  from: string;
  to: string;
  state: SyncState | '';
  publication: PublicationState | '';
  text: string;
}
const NO_FILTERS: ListFilters = { kind: '', from: '', to: '', state: '', publication: '', text: '' };

/** Kept while the app runs, so coming back from a detail finds the list as it was left. */
let remembered: { filters: ListFilters; shown: number } = { filters: NO_FILTERS, shown: PAGE_SIZE };

/** The filters the list shows now: the export view offers to export exactly those. */
export const currentListFilters = (): ListFilters => remembered.filters;

/** Back to no filters and the first page (a fresh start, and tests). */
export function forgetListState(): void {
  remembered = { filters: NO_FILTERS, shown: PAGE_SIZE };
}

/** Local calendar days (from date inputs) as instants: `from` at its start, `to` up to its end. */
export function toStoreFilter(f: ListFilters): ObservationFilter {
  const dayStart = (day: string, plusDays = 0): string | undefined => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!m) return undefined;
    return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
  };
  const filter: ObservationFilter = {};
  if (f.kind) filter.kinds = [f.kind];
  if (f.state) filter.states = [f.state];
  const from = dayStart(f.from);
  const to = dayStart(f.to, 1);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (f.text.trim()) filter.text = f.text;
  return filter;
}

function Row({ obs, state, publication }: { obs: Observation; state: SyncState; publication: Publication | undefined }) {
  const t = useT();
  const lang = useLanguage();
  const meta = KIND_META[obs.kind];
  const summary = [obs.details.operator, obs.notes].filter(Boolean).join(' · ');
  return (
    <li class="obs-row" data-testid="observation-item" data-id={obs.id}>
      <a href={hrefFor({ view: 'detail', id: obs.id })}>
        <span class="kind-badge" style={{ background: meta.color }} aria-hidden="true">
          {meta.icon}
        </span>
        <span class="row-main">
          <span class="row-title">{t(`kind.${obs.kind}`)}</span>
          <span class="row-sub">
            <time dateTime={obs.observedAt}>{formatDateTime(obs.observedAt, lang)}</time>
            {summary && <span class="row-summary"> · {summary}</span>}
          </span>
        </span>
        <span class="row-badges">
          <span class={`sync-badge sync-${state}`}>{t(`sync.${state}`)}</span>
          {publication && <PublicationBadge publication={publication} />}
        </span>
      </a>
    </li>
  );
}

export function ListView() {
  const t = useT();
  const lang = useLanguage();
  const { data, error } = useObservations({ firstScreen: PAGE_SIZE });
  const [filters, setFiltersState] = useState<ListFilters>(remembered.filters);
  const [shown, setShownState] = useState(remembered.shown);

  // Built on `remembered`, not on this render's state: two quick changes must both count.
  const setFilters = (change: Partial<ListFilters>) => {
    remembered = { filters: { ...remembered.filters, ...change }, shown: PAGE_SIZE };
    setFiltersState(remembered.filters);
    setShownState(PAGE_SIZE);
  };
  const showMore = () => {
    remembered = { ...remembered, shown: remembered.shown + PAGE_SIZE };
    setShownState(remembered.shown);
  };

  const filtered = useMemo(() => {
    if (!data) return [];
    const list = filterObservations(data.observations, toStoreFilter(filters), data.states);
    return filters.publication ? list.filter((o) => data.publication.get(o.id)?.state === filters.publication) : list;
  }, [data, filters]);
  const active = filters !== NO_FILTERS && Object.values(filters).some((v) => v !== '');
  const fmt = (n: number) => formatNumber(n, lang);

  return (
    <section class="list-view">
      <ViewTitle>{t('list.title')}</ViewTitle>
      <details class="filters" open={active}>
        <summary>{t('list.filters')}</summary>
        <div class="filter-grid">
          <div class="field">
            <label for="filter-text">{t('list.search')}</label>
            <input id="filter-text" type="search" value={filters.text} data-testid="filter-text" onInput={(e) => setFilters({ text: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="filter-kind">{t('list.filterKind')}</label>
            <select id="filter-kind" value={filters.kind} data-testid="filter-kind" onChange={(e) => setFilters({ kind: e.currentTarget.value as Kind | '' })}>
              <option value="">{t('list.filterAllKinds')}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-from">{t('list.filterFrom')}</label>
            <input id="filter-from" type="date" value={filters.from} data-testid="filter-from" onInput={(e) => setFilters({ from: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="filter-to">{t('list.filterTo')}</label>
            <input id="filter-to" type="date" value={filters.to} data-testid="filter-to" onInput={(e) => setFilters({ to: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="filter-state">{t('list.filterSync')}</label>
            <select id="filter-state" value={filters.state} data-testid="filter-state" onChange={(e) => setFilters({ state: e.currentTarget.value as SyncState | '' })}>
              <option value="">{t('list.filterAllStates')}</option>
              {SYNC_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`sync.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-publication">{t('list.filterPublication')}</label>
            <select
              id="filter-publication"
              value={filters.publication}
              data-testid="filter-publication"
              onChange={(e) => setFilters({ publication: e.currentTarget.value as PublicationState | '' })}
            >
              <option value="">{t('list.filterAllStates')}</option>
              {PUBLICATION_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`publication.${s}`)}
                </option>
              ))}
            </select>
          </div>
          {active && (
            <button type="button" class="secondary" onClick={() => setFilters(NO_FILTERS)} data-testid="clear-filters">
              {t('list.clearFilters')}
            </button>
          )}
        </div>
      </details>

      {error !== null && (
        <p role="alert" class="notice">
          {t(errorMessage(error, 'store.failed'))}
        </p>
      )}

      {data && <DamagedList damaged={data.damaged} />}

      {data?.complete && (
        <p class="list-count" aria-live="polite" data-testid="list-count">
          {t('list.count', { shown: fmt(Math.min(shown, filtered.length)), total: fmt(filtered.length) })}
        </p>
      )}
      {data && !data.complete && <p class="list-count">{t('app.loading')}</p>}
      {data?.complete && data.observations.length === 0 && <p class="empty">{t('list.empty')}</p>}
      {data && data.observations.length > 0 && filtered.length === 0 && <p class="empty">{t('list.noMatch')}</p>}

      <ul class="obs-list" data-testid="observation-list">
        {filtered.slice(0, shown).map((obs) => (
          <Row key={obs.id} obs={obs} state={data?.states.get(obs.id) ?? 'local'} publication={data?.publication.get(obs.id)} />
        ))}
      </ul>
      {data?.complete && filtered.length > shown && (
        <button type="button" class="secondary show-more" data-testid="show-more" onClick={showMore}>
          {t('list.showMore')}
        </button>
      )}
    </section>
  );
}
