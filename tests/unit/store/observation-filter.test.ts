import { describe, expect, it } from 'vitest';
import { filterObservations, foldText } from '../../../src/store/observation-filter.ts';
import { makeObservation } from './fixtures.ts';

const camera = makeObservation({
  kind: 'camera',
  observedAt: '2026-11-27T09:00:00.000Z',
  notes: 'Caméra au-dessus de la Sécurité',
  details: { operator: 'Zone de police Bruxelles-Capitale/Ixelles' },
});
const drone = makeObservation({ kind: 'drone', observedAt: '2026-11-28T15:00:00.000Z', notes: 'during the march', details: {} });
const antenna = makeObservation({ kind: 'antenna', observedAt: '2026-11-29T08:00:00.000Z', notes: '', details: { operator: 'Proximus' } });
const list = [antenna, drone, camera];

describe('filterObservations', () => {
  it('no criterion keeps everything in order', () => {
    expect(filterObservations(list, {})).toEqual(list);
  });

  it('by kind', () => {
    expect(filterObservations(list, { kinds: ['drone', 'camera'] })).toEqual([drone, camera]);
  });

  it('by date: from inclusive, to exclusive', () => {
    expect(filterObservations(list, { from: '2026-11-28T15:00:00.000Z', to: '2026-11-29T08:00:00.000Z' })).toEqual([drone]);
  });

  it('compares instants, whatever the offset', () => {
    expect(filterObservations(list, { from: '2026-11-28T16:00:00+01:00' })).toEqual([antenna, drone]);
  });

  it('by sync state, a missing id counting as local', () => {
    const states = new Map([[drone.id, 'synced' as const]]);
    expect(filterObservations(list, { states: ['synced'] }, states)).toEqual([drone]);
    expect(filterObservations(list, { states: ['local'] }, states)).toEqual([antenna, camera]);
  });

  it('searches notes and operator, every word, ignoring case and accents', () => {
    expect(filterObservations(list, { text: 'securite CAMERA' })).toEqual([camera]);
    expect(filterObservations(list, { text: 'ixelles' })).toEqual([camera]);
    expect(filterObservations(list, { text: 'proximus' })).toEqual([antenna]);
    expect(filterObservations(list, { text: 'proximus march' })).toEqual([]);
    expect(filterObservations(list, { text: '   ' })).toEqual(list);
  });

  it('combines criteria', () => {
    expect(filterObservations(list, { kinds: ['camera', 'antenna'], text: 'police' })).toEqual([camera]);
  });

  it('says what it expected for a malformed date', () => {
    expect(() => filterObservations(list, { from: 'yesterday' })).toThrow(/ISO 8601/);
  });

  it('foldText strips diacritics of French and Dutch', () => {
    expect(foldText('Élève Coördinatie Ça')).toBe('eleve coordinatie ca');
  });
});
