import { describe, expect, it } from 'vitest';
import { z } from '../../../src/core/zod.ts';
import { isUuidV7 } from '../../../src/core/ids.ts';
import { observationSchema, type Position } from '../../../src/core/observation.ts';
import {
  detailsForKind,
  newObservation,
  restore,
  reviseObservation,
  tombstone,
} from '../../../src/core/observation-factory.ts';

const position: Position = { lon: 4.3517, lat: 50.8466, accuracy: 8, source: 'gps' };
const t0 = new Date('2026-05-01T10:00:00.000Z');
const t1 = new Date('2026-05-01T10:05:00.000Z');
const t2 = new Date('2026-05-01T10:09:00.000Z');

describe('newObservation', () => {
  it('fills id, version 1, timestamps from the injected clock and defaults', () => {
    const obs = newObservation({ kind: 'camera', position }, t0);
    expect(isUuidV7(obs.id)).toBe(true);
    expect(obs).toMatchObject({
      kind: 'camera',
      version: 1,
      createdAt: t0.toISOString(),
      updatedAt: t0.toISOString(),
      observedAt: t0.toISOString(),
      certainty: 'seen',
      notes: '',
      photos: [],
      details: {},
    });
    expect(obs.deleted).toBeUndefined();
    expect(obs.walkId).toBeUndefined();
    expect(observationSchema.safeParse(obs).success).toBe(true);
  });

  it('keeps given values, trims text details and drops undefined details', () => {
    const obs = newObservation(
      {
        kind: 'camera',
        position,
        details: { direction: [{ bearing: 45 }], operator: '  STIB  ', mount: undefined },
        notes: 'above the door',
        certainty: 'likely',
        observedAt: '2026-04-30T18:00:00.000Z',
      },
      t0,
    );
    expect(obs.details).toEqual({ direction: [{ bearing: 45 }], operator: 'STIB' });
    expect(obs.observedAt).toBe('2026-04-30T18:00:00.000Z');
    expect(obs.certainty).toBe('likely');
    expect(Object.keys(obs.details)).not.toContain('mount');
  });

  it('rejects fields the kind does not show and out-of-range values', () => {
    expect(() => newObservation({ kind: 'antenna', position, details: { direction: [{ bearing: 90 }] } }, t0)).toThrow(z.core.$ZodError);
    expect(() => newObservation({ kind: 'camera', position, details: { direction: [{ bearing: 360 }] } }, t0)).toThrow(z.core.$ZodError);
    expect(() => newObservation({ kind: 'camera', position: { ...position, lat: 91 } }, t0)).toThrow(z.core.$ZodError);
  });

  it('rejects a drone whose end is before its start', () => {
    expect(() =>
      newObservation(
        { kind: 'drone', position, details: { start: '2026-05-01T10:00:00Z', end: '2026-05-01T09:00:00Z' } },
        t0,
      ),
    ).toThrow(z.core.$ZodError);
  });
});

describe('reviseObservation, tombstone, restore', () => {
  const first = newObservation({ kind: 'camera', position, details: { direction: [{ bearing: 45 }], mount: 'wall' } }, t0);

  it('bumps the version and updatedAt, keeps id and createdAt', () => {
    const next = reviseObservation(first, { notes: 'two cameras', details: { direction: [{ bearing: 90 }] } }, t1);
    expect(next).toMatchObject({ id: first.id, version: 2, createdAt: t0.toISOString(), updatedAt: t1.toISOString() });
    expect(next.notes).toBe('two cameras');
    expect(next.details).toEqual({ direction: [{ bearing: 90 }] });
    expect(first.version).toBe(1); // pure: prev untouched
  });

  it('ignores undefined changes but lets walkId be cleared', () => {
    const withWalk = reviseObservation(first, { walkId: '01890a5d-ac96-774b-bcce-b302099a8057' }, t1);
    expect(withWalk.walkId).toBeDefined();
    const same = reviseObservation(withWalk, { notes: undefined }, t2);
    expect(same.notes).toBe('');
    expect(same.walkId).toBe(withWalk.walkId);
    const cleared = reviseObservation(withWalk, { walkId: undefined }, t2);
    expect(cleared.walkId).toBeUndefined();
  });

  it('drops details the new kind does not show when the kind changes', () => {
    const next = reviseObservation(first, { kind: 'alpr' }, t1);
    expect(next.kind).toBe('alpr');
    expect(next.details).toEqual({ direction: [{ bearing: 45 }] });
  });

  it('rejects an invalid edit', () => {
    expect(() => reviseObservation(first, { details: { angle: 400 } }, t1)).toThrow(z.core.$ZodError);
  });

  it('tombstones and restores as new versions', () => {
    const dead = tombstone(first, t1);
    expect(dead).toMatchObject({ deleted: true, version: 2, updatedAt: t1.toISOString(), id: first.id });
    const back = restore(dead, t2);
    expect(back.version).toBe(3);
    expect('deleted' in back).toBe(false);
    expect(back.details).toEqual(first.details);
  });

  it('detailsForKind keeps only the fields of the kind', () => {
    expect(detailsForKind('hostile_design', { hostileDesign: 'spikes', operator: 'x' })).toEqual({ hostileDesign: 'spikes' });
  });
});
