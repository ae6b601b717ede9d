import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/core/observation.ts';
import { listAllObservations } from '../../../src/store/export-reads.ts';
import { listObservations, saveObservation } from '../../../src/store/observations.ts';
import { outboxBatch } from '../../../src/store/outbox.ts';
import { listShared } from '../../../src/store/shared.ts';
import { damageOf, setAsideDamaged } from '../../../src/store/stored-records.ts';
import { makeObservation, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

describe('stored records', () => {
  it('sets damaged records aside, in order, with their key and every failing path in one wording', () => {
    const good = makeObservation();
    const broken = { ...makeObservation(), kind: 'teleporter', version: 0 };
    const { observations, damaged } = setAsideDamaged([broken, good, null]);
    expect(observations).toEqual([good]);
    expect(damaged.map((d) => d.key)).toEqual([broken.id, 'undefined']);
    expect(damaged[0]!.reason).toMatch(/^kind: .*; version: /);
    expect(damageOf(good)).toBeNull();
  });

  it('gives the same reason wherever the record is read: list, shared map, export, outbox', async () => {
    const saved = makeObservation();
    await saveObservation(db(), saved);
    const broken = { ...saved, kind: 'teleporter' } as unknown as Observation;
    await db().put('observations', broken);
    await db().put('shared', broken);
    const expected = damageOf(broken);
    expect(expected).toMatch(/^kind: /);
    expect((await listObservations(db())).damaged).toEqual([{ key: saved.id, reason: expected }]);
    expect((await listShared(db())).damaged).toEqual([{ key: saved.id, reason: expected }]);
    expect((await listAllObservations(db())).damaged).toEqual([{ key: saved.id, reason: expected }]);
    expect((await outboxBatch(db())).damaged).toEqual([{ key: saved.id, reason: expected }]);
  });
});
