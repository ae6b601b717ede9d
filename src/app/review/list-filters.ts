/**
 * The list's filters as the user sets them (form values: a kind, local calendar days, a sync state,
 * a publication state, words), turned into the store's ObservationFilter and applied; and the list's
 * place (filters and rows shown), kept while the app runs so that coming back from a detail finds
 * the list as it was left. No markup: list-view.tsx renders it, the export view exports exactly it.
 * A new filter adds a field here and a criterion to store/observation-filter.ts.
 */
import type { Observation } from '../../core/observation.ts';
import type { PublicationState } from '../../core/publication.ts';
import type { Kind } from '../../core/taxonomy.ts';
import { filterObservations, type FilterContext, type ObservationFilter } from '../../store/observation-filter.ts';
import type { SyncState } from '../../store/outbox.ts';

export const PAGE_SIZE = 100;
/** A list row's least height, px: styles.css `.obs-row a` (min-height 64px) and its 1px border. */
const ROW_MIN_HEIGHT_PX = 65;

/**
 * Rows read and drawn before everything else: as many as a viewport `height` px tall can show (the
 * view's header above them only leaves fewer in sight), at least one. Each row costs its read, its
 * check and its markup, all on the way to the first paint; the rest follow once it is drawn.
 */
export function firstScreenRows(height: number): number {
  return Math.max(1, Math.ceil(height / ROW_MIN_HEIGHT_PX));
}

/** firstScreenRows of this page's viewport as it opened (800 px where there is none: tests). */
export const FIRST_SCREEN_ROWS = firstScreenRows(globalThis.innerHeight || 800);

export interface ListFilters {
  kind: Kind | '';
  /** A local calendar day, `YYYY-MM-DD` (a date input's value), or empty. */
  from: string;
  to: string;
  state: SyncState | '';
  publication: PublicationState | '';
  text: string;
}
export const NO_FILTERS: ListFilters = { kind: '', from: '', to: '', state: '', publication: '', text: '' };

/** Whether any filter is set. */
export const hasFilters = (f: ListFilters): boolean => f !== NO_FILTERS && Object.values(f).some((v) => v !== '');

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
  if (f.publication) filter.publication = [f.publication];
  const from = dayStart(f.from);
  const to = dayStart(f.to, 1);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (f.text.trim()) filter.text = f.text;
  return filter;
}

/** My observations that match the list's filters, in list order. */
export function applyListFilters(observations: readonly Observation[], f: ListFilters, context: FilterContext): Observation[] {
  return filterObservations(observations, toStoreFilter(f), context);
}

/** The list's place: its filters and how many rows it shows. */
export interface ListPlace {
  filters: ListFilters;
  shown: number;
}

let remembered: ListPlace = { filters: NO_FILTERS, shown: PAGE_SIZE };

/** Where the list was left. */
export const listPlace = (): ListPlace => remembered;

/** The filters the list shows now: the export view offers to export exactly those. */
export const currentListFilters = (): ListFilters => remembered.filters;

/** Changes some filters; the list starts again at its first page. Built on the remembered place, not
 * on a render's state, so that two quick changes both count. */
export function changeListFilters(change: Partial<ListFilters>): ListPlace {
  remembered = { filters: { ...remembered.filters, ...change }, shown: PAGE_SIZE };
  return remembered;
}

/** One more page of rows. */
export function showMoreRows(): ListPlace {
  remembered = { ...remembered, shown: remembered.shown + PAGE_SIZE };
  return remembered;
}

/** Back to no filters and the first page (a fresh start, and tests). */
export function forgetListState(): void {
  remembered = { filters: NO_FILTERS, shown: PAGE_SIZE };
}
