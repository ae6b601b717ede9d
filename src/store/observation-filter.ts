/**
 * The list view's filter: pure, in memory, over what listObservations() returned (10,000 records
 * filter in a few milliseconds; IndexedDB would be slower for free-text search anyway). Lives in the
 * store because the sync state is the store's notion; it imports only core types.
 */
import type { Observation } from '../core/observation.ts';
import type { Kind } from '../core/taxonomy.ts';
import type { Publication, PublicationState } from '../core/publication.ts';
import type { SyncState } from './outbox.ts';

export interface ObservationFilter {
  /** Only these kinds (empty or absent: all). */
  kinds?: readonly Kind[];
  /** observedAt at or after this instant (ISO 8601; the UI turns a local day into its start). */
  from?: string;
  /** observedAt strictly before this instant (the UI passes the start of the day after). */
  to?: string;
  /** Only these sync states (needs `states`; empty or absent: all). */
  states?: readonly SyncState[];
  /** Only these publication states (needs `context.publication`; an id missing from it matches none). */
  publication?: readonly PublicationState[];
  /** Words searched in notes and operator, case and accents ignored ("securite" finds "Sécurité"). */
  text?: string;
}

/** What the store knows beside the observations, by id: sync states (syncStates()) and what the
 * server said of each (publication). A new criterion that needs more adds it here. */
export interface FilterContext {
  states?: ReadonlyMap<string, SyncState>;
  publication?: ReadonlyMap<string, Pick<Publication, 'state'>>;
}

/** Lower case without diacritics, so French and Dutch searches forgive accents. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

// Observations are immutable values (a change is a new object), so their folded text can be cached.
const haystacks = new WeakMap<Observation, string>();

function haystackOf(obs: Observation): string {
  let folded = haystacks.get(obs);
  if (folded === undefined) {
    folded = foldText(`${obs.notes}\n${obs.details.operator ?? ''}`);
    haystacks.set(obs, folded);
  }
  return folded;
}

/**
 * The observations that match every criterion given, in the order given. `context` is either the
 * sync states by id (an id missing from it counts as 'local') or a FilterContext.
 */
export function filterObservations(
  list: readonly Observation[],
  filter: ObservationFilter,
  context?: ReadonlyMap<string, SyncState> | FilterContext,
): Observation[] {
  const { states, publication } = context instanceof Map ? { states: context, publication: undefined } : ((context as FilterContext | undefined) ?? {});
  const wantedPublication = filter.publication?.length ? new Set<PublicationState>(filter.publication) : null;
  const kinds = filter.kinds?.length ? new Set<string>(filter.kinds) : null;
  const wantedStates = filter.states?.length ? new Set<SyncState>(filter.states) : null;
  const from = filter.from ? Date.parse(filter.from) : null;
  const to = filter.to ? Date.parse(filter.to) : null;
  if ((from !== null && Number.isNaN(from)) || (to !== null && Number.isNaN(to))) {
    throw new Error(`filterObservations: expected ISO 8601 instants, got from=${filter.from} to=${filter.to}`);
  }
  const words = foldText(filter.text ?? '').split(/\s+/).filter(Boolean);

  return list.filter((obs) => {
    if (kinds && !kinds.has(obs.kind)) return false;
    if (from !== null || to !== null) {
      const at = Date.parse(obs.observedAt);
      if (from !== null && at < from) return false;
      if (to !== null && at >= to) return false;
    }
    if (wantedStates && !wantedStates.has(states?.get(obs.id) ?? 'local')) return false;
    if (wantedPublication) {
      const state = publication?.get(obs.id)?.state;
      if (state === undefined || !wantedPublication.has(state)) return false;
    }
    if (words.length > 0) {
      const haystack = haystackOf(obs);
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  });
}
