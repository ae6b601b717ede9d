/**
 * My observations, newest first, with filters (kind, dates, sync state, text in notes and operator).
 * Only a page of rows is in the DOM at a time ("show more" adds the next): 10,000 stored observations
 * cost one filter pass in memory and a hundred rows of DOM.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import { KINDS, KIND_META, type Kind } from '../../core/taxonomy.ts';
import type { SyncState } from '../../store/outbox.ts';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { errorMessage, useLanguage, useT } from '../i18n/language.ts';
import { hrefFor } from '../shell/routes.ts';
import { ViewTitle } from '../shell/view-title.tsx';
import { DamagedList } from './damaged-list.tsx';
import { PublicationBadge } from './publication-state.tsx';
import { PUBLICATION_STATES, type Publication, type PublicationState } from '../../core/publication.ts';
import { FIRST_SCREEN_ROWS, NO_FILTERS, applyListFilters, changeListFilters, hasFilters, listPlace, showMoreRows, type ListFilters } from './list-filters.ts';
import { useObservations } from './use-observations.ts';
import { KindIcon } from '../icons/icon.tsx';

const SYNC_STATES: readonly SyncState[] = ['local', 'waiting', 'synced', 'conflict'];

function Row({ obs, state, publication }: { obs: Observation; state: SyncState; publication: Publication | undefined }) {
  const t = useT();
  const lang = useLanguage();
  const meta = KIND_META[obs.kind];
  const summary = [obs.details.operator, obs.notes].filter(Boolean).join(' · ');
  return (
    <li class="obs-row" data-testid="observation-item" data-id={obs.id}>
      <a href={hrefFor({ view: 'detail', id: obs.id })}>
        <span class="kind-badge" style={{ background: meta.color }} aria-hidden="true">
          <KindIcon kind={obs.kind} />
        </span>
        <span class="row-main">
          <span class="row-title">{t(`kind.${obs.kind}`)}</span>
          <time class="row-sub" dateTime={obs.observedAt}>
            {formatDateTime(obs.observedAt, lang)}
          </time>
          {summary && <span class="row-sub row-summary">{summary}</span>}
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
  const { data, error } = useObservations({ firstScreen: FIRST_SCREEN_ROWS });
  const [filters, setFiltersState] = useState<ListFilters>(listPlace().filters);
  const [shown, setShownState] = useState(listPlace().shown);

  const setFilters = (change: Partial<ListFilters>) => {
    const place = changeListFilters(change);
    setFiltersState(place.filters);
    setShownState(place.shown);
  };
  const showMore = () => setShownState(showMoreRows().shown);

  const filtered = useMemo(() => (data ? applyListFilters(data.observations, filters, data) : []), [data, filters]);
  const active = hasFilters(filters);
  // The same heading vnode on every render: Preact skips it, so its focus effect waits for the
  // frame as usual, instead of being run by the first rows' render (a forced style and layout in
  // the middle of it).
  const title = useMemo(() => <ViewTitle>{t('list.title')}</ViewTitle>, [t]);
  const fmt = (n: number) => formatNumber(n, lang);

  return (
    <section class="list-view">
      {title}
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
