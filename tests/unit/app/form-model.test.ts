import { describe, expect, it } from 'vitest';
import { newObservation } from '../../../src/core/observation-factory.ts';
import type { Position } from '../../../src/core/observation.ts';
import { buildObservation, emptyForm, formFromObservation, parseDetails, withGpsFix } from '../../../src/app/log/form-model.ts';

const HERE: Position = { lon: 4.3517, lat: 50.8466, accuracy: 9, source: 'gps' };

describe('buildObservation', () => {
  it('builds a valid observation from typed strings', () => {
    const values = { ...emptyForm('camera', HERE), details: { direction: '45', cameraType: 'dome', height: '3,5', operator: '  STIB - MIVB ' }, notes: 'corner' };
    const result = buildObservation(values);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.observation.details).toEqual({ direction: [{ bearing: 45 }], cameraType: 'dome', height: 3.5, operator: 'STIB - MIVB' });
    expect(result.observation.version).toBe(1);
    expect(result.observation.position).toEqual(HERE);
  });

  it('links a new observation to the device it says changed, never an edit', () => {
    const values = { ...emptyForm('alpr', HERE), supersedes: 'a-public-id' };
    const made = buildObservation(values);
    expect(made.ok && made.observation.supersedes).toBe('a-public-id');
    const before = newObservation({ kind: 'alpr', position: HERE });
    const edited = buildObservation(values, before);
    expect(edited.ok && 'supersedes' in edited.observation).toBe(false);
  });

  it('blocks out-of-range and malformed values with a message per field', () => {
    const values = { ...emptyForm('camera', HERE), details: { direction: '400', angle: '-5', height: 'high', cameraType: 'fixed' } };
    const result = buildObservation(values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['details.direction']).toEqual({ key: 'field.tooLarge', params: { max: 359 } });
    expect(result.errors['details.angle']).toEqual({ key: 'field.tooSmall', params: { min: 0 } });
    expect(result.errors['details.height']).toEqual({ key: 'validation.number' });
    expect(result.errors['details.cameraType']).toBeUndefined();
  });

  it('wants directions in degrees and a position', () => {
    const result = buildObservation({ ...emptyForm('alpr', null), details: { direction: '12,5;-5' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['details.direction']).toEqual({ key: 'field.tooSmall', params: { min: 0 } });
    expect(result.errors.position?.key).toBe('validation.position');
  });

  it('keeps every direction typed, and the width of a range it was given', () => {
    const result = buildObservation({ ...emptyForm('camera', HERE), details: { direction: '12,5;;270;80-100' } });
    expect(result.ok && result.observation.details.direction).toEqual([{ bearing: 12.5 }, { bearing: 270 }, { bearing: 90, width: 20 }]);
    const empty = buildObservation({ ...emptyForm('camera', HERE), details: { direction: ';' } });
    expect(empty.ok && empty.observation.details).toEqual({});
  });

  it('refuses a time window that ends before it starts', () => {
    const result = buildObservation({ ...emptyForm('drone', HERE), details: { start: '2026-11-28T15:00', end: '2026-11-28T14:00' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['details.end']?.key).toBe('field.endBeforeStart');
  });

  it('ignores fields that the kind does not show', () => {
    const result = buildObservation({ ...emptyForm('guard', HERE), details: { direction: '999', operator: 'Securitas' } });
    expect(result.ok && result.observation.details).toEqual({ operator: 'Securitas' });
  });

  it('saves an edit as the next version of the same observation', () => {
    const first = newObservation({ kind: 'camera', position: HERE, details: { direction: [{ bearing: 90 }] }, notes: 'a' }, new Date('2026-11-28T10:00:00Z'));
    const values = formFromObservation(first);
    expect(values.details.direction).toBe('90');
    const result = buildObservation({ ...values, notes: 'b' }, first, new Date('2026-11-28T11:00:00Z'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.observation.id).toBe(first.id);
    expect(result.observation.version).toBe(2);
    expect(result.observation.notes).toBe('b');
    expect(result.observation.createdAt).toBe(first.createdAt);
  });
});

describe('parseDetails', () => {
  it('turns datetime-local input into an ISO instant and skips blanks', () => {
    const { details, errors } = parseDetails('mobile_unit', { start: '2026-11-28T15:30', end: '', unitType: 'camera_van' });
    expect(errors).toEqual({});
    expect(details.end).toBeUndefined();
    expect(new Date(String(details.start)).getTime()).toBe(new Date('2026-11-28T15:30').getTime());
  });
});

describe('withGpsFix', () => {
  const FIX: Position = { lon: 4.36, lat: 50.85, accuracy: 5, source: 'gps' };
  const PIN: Position = { lon: 4.35, lat: 50.84, accuracy: null, source: 'manual' };

  it('fills an empty position and follows an earlier fix', () => {
    expect(withGpsFix(emptyForm('camera'), FIX, false).position).toEqual(FIX);
    expect(withGpsFix(emptyForm('camera', HERE), FIX, false).position).toEqual(FIX);
  });

  it('never moves a placed pin unless the walker asked for the fix', () => {
    const pinned = emptyForm('camera', PIN);
    expect(withGpsFix(pinned, FIX, false)).toBe(pinned);
    expect(withGpsFix(pinned, FIX, true).position).toEqual(FIX);
  });
});
