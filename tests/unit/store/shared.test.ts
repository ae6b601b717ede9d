import { describe, expect, it } from 'vitest';
import { reviseObservation, tombstone } from '../../../src/core/observation-factory.ts';
import { getMeta } from '../../../src/store/meta.ts';
import { listObservations } from '../../../src/store/observations.ts';
import { applyPulledPage, clearShared, getPublication, listPublication, listShared, putShared, sharedCount } from '../../../src/store/shared.ts';
import { at, makeObservation, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

describe('the shared copy', () => {
  it('stores a page and its cursor together, apart from my own observations', async () => {
    const a = makeObservation({ observedAt: at(1).toISOString() });
    const b = makeObservation({ observedAt: at(2).toISOString() });
    const result = await applyPulledPage(db(), { observations: [a, b], next: 'c2' });
    expect(result).toEqual({ stored: 2, removed: 0, invalid: [] });
    expect((await listShared(db())).observations.map((o) => o.id)).toEqual([b.id, a.id]);
    expect(await getMeta(db(), 'syncCursor')).toBe('c2');
    expect((await listObservations(db())).observations).toEqual([]);
  });

  it('a tombstone removes the record; an older version never replaces a newer one', async () => {
    const a = makeObservation();
    const a2 = reviseObservation(a, { notes: 'v2' }, at(1));
    const b = makeObservation();
    await putShared(db(), [a2, b]);
    const result = await applyPulledPage(db(), { observations: [a, tombstone(b, at(2))], next: 'c3' });
    expect(result).toMatchObject({ stored: 0, removed: 1 });
    const { observations } = await listShared(db());
    expect(observations).toEqual([a2]);
  });

  it('within a page, the later version of an id wins', async () => {
    const a = makeObservation();
    const a2 = reviseObservation(a, { notes: 'v2' }, at(1));
    await applyPulledPage(db(), { observations: [a, a2], next: null });
    expect((await listShared(db())).observations).toEqual([a2]);
  });

  it('skips invalid items, says which, and stores the rest', async () => {
    const a = makeObservation();
    const result = await applyPulledPage(db(), { observations: [{ id: 'nope' }, a], next: 'c1' });
    expect(result.invalid).toHaveLength(1);
    expect(result.invalid[0]!.index).toBe(0);
    expect(await sharedCount(db())).toBe(1);
  });

  it('clearShared empties the copy and forgets the cursor', async () => {
    await applyPulledPage(db(), { observations: [makeObservation()], next: 'c1' });
    await clearShared(db());
    expect(await sharedCount(db())).toBe(0);
    expect(await getMeta(db(), 'syncCursor')).toBeUndefined();
  });
});

describe('publication states in the shared copy', () => {
  it('stores each change’s publication, drops what left the public set, keeps the recheck interval', async () => {
    const a = makeObservation();
    const b = makeObservation();
    await applyPulledPage(db(), {
      observations: [a, b],
      publication: [
        { id: a.id, state: 'published', confirmations: 2, lastConfirmed: '2026-11-01' },
        { id: b.id, state: 'published' },
        { id: 'x', state: 'no such state' },
      ],
      next: 'c1',
      recheckDays: 30,
    });
    expect((await listPublication(db())).get(a.id)).toEqual({ id: a.id, state: 'published', confirmations: 2, lastConfirmed: '2026-11-01' });
    expect((await listPublication(db())).has('x')).toBe(false);
    expect(await getMeta(db(), 'recheckDays')).toBe(30);

    const result = await applyPulledPage(db(), { observations: [], dropped: [{ id: b.id, survivor: a.id }], next: 'c2' });
    expect(result.removed).toBe(1);
    expect((await listShared(db())).observations.map((o) => o.id)).toEqual([a.id]);
    expect(await getPublication(db(), b.id)).toBeUndefined();
    expect(await getMeta(db(), 'syncCursor')).toBe('c2');
  });
});
