import { afterEach, describe, expect, it } from 'vitest';
import type { Publication } from '../../../src/core/publication.ts';
import {
  NO_FILTERS,
  PAGE_SIZE,
  applyListFilters,
  changeListFilters,
  currentListFilters,
  firstScreenRows,
  forgetListState,
  hasFilters,
  listPlace,
  showMoreRows,
  toStoreFilter,
} from '../../../src/app/review/list-filters.ts';
import type { SyncState } from '../../../src/store/outbox.ts';
import { makeObservation } from '../store/fixtures.ts';

afterEach(forgetListState);

describe('the list filters', () => {
  const camera = makeObservation({ kind: 'camera', notes: 'Sécurité' }, new Date('2026-11-28T10:00:00Z'));
  const antenna = makeObservation({ kind: 'antenna', details: {} }, new Date('2026-11-29T10:00:00Z'));
  const states = new Map<string, SyncState>([[camera.id, 'synced']]);
  const publication = new Map([[antenna.id, { state: 'published' } as Publication]]);

  it('turn form values into the store filter: local days as instants, the day of `to` included', () => {
    expect(toStoreFilter(NO_FILTERS)).toEqual({});
    const f = toStoreFilter({ ...NO_FILTERS, kind: 'camera', state: 'synced', publication: 'pending', from: '2026-11-28', to: '2026-11-28', text: ' x ' });
    expect(f).toMatchObject({ kinds: ['camera'], states: ['synced'], publication: ['pending'], text: ' x ' });
    expect(Date.parse(f.to!) - Date.parse(f.from!)).toBe(24 * 3600 * 1000);
    expect(toStoreFilter({ ...NO_FILTERS, from: 'yesterday' })).toEqual({});
  });

  it('apply every criterion, the publication state included', () => {
    const list = [antenna, camera];
    expect(applyListFilters(list, NO_FILTERS, {})).toEqual(list);
    expect(applyListFilters(list, { ...NO_FILTERS, text: 'securite' }, {})).toEqual([camera]);
    expect(applyListFilters(list, { ...NO_FILTERS, state: 'synced' }, { states })).toEqual([camera]);
    expect(applyListFilters(list, { ...NO_FILTERS, publication: 'published' }, { states, publication })).toEqual([antenna]);
    expect(applyListFilters(list, { ...NO_FILTERS, publication: 'pending' }, { states, publication })).toEqual([]);
  });

  it('remember the list\'s place: a change of filter goes back to the first page, two quick changes both count', () => {
    expect(hasFilters(currentListFilters())).toBe(false);
    showMoreRows();
    expect(listPlace().shown).toBe(2 * PAGE_SIZE);
    changeListFilters({ kind: 'drone' });
    changeListFilters({ text: 'x' });
    expect(listPlace()).toEqual({ filters: { ...NO_FILTERS, kind: 'drone', text: 'x' }, shown: PAGE_SIZE });
    expect(hasFilters(currentListFilters())).toBe(true);
    forgetListState();
    expect(listPlace()).toEqual({ filters: NO_FILTERS, shown: PAGE_SIZE });
  });
});

describe('the first screen', () => {
  it('reads and draws as many rows as the viewport can show, 65 px each at least, never none', () => {
    expect(firstScreenRows(320)).toBe(5);
    expect(firstScreenRows(740)).toBe(12);
    expect(firstScreenRows(800)).toBe(13);
    expect(firstScreenRows(0)).toBe(1);
  });
});
