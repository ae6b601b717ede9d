import { describe, expect, it } from 'vitest';
import { observationSchema, positionSchema } from '../../../src/core/observation.ts';
import { newObservation } from '../../../src/core/observation-factory.ts';
import { checkDetail, messagesByPath, validationMessages } from '../../../src/core/validation-messages.ts';

const position = { lon: 4.35, lat: 50.85, accuracy: 5, source: 'gps' as const };
const valid = newObservation({ kind: 'camera', position }, new Date('2026-05-01T10:00:00Z'));

function messagesOf(candidate: unknown) {
  const r = observationSchema.safeParse(candidate);
  if (r.success) throw new Error('expected the candidate to be invalid');
  return validationMessages(r.error, candidate);
}

describe('validationMessages', () => {
  it('maps range, integer, length and count errors to keys with params', () => {
    const msgs = messagesOf({
      ...valid,
      notes: 'x'.repeat(5001),
      photos: Array.from({ length: 11 }, () => 'a'.repeat(64)),
      details: { direction: 400, angle: 12.5, height: -1 },
    });
    expect(msgs).toEqual(
      expect.arrayContaining([
        { path: 'notes', key: 'field.tooLong', params: { max: 5000 } },
        { path: 'photos', key: 'field.tooMany', params: { max: 10 } },
        { path: 'details.direction.0.bearing', key: 'field.tooLarge', params: { max: 359 } },
        { path: 'details.angle', key: 'field.notInteger', params: {} },
        { path: 'details.height', key: 'field.tooSmall', params: { min: 0 } },
      ]),
    );
    expect(msgs).toHaveLength(5);
  });

  it('tells missing values from wrong ones', () => {
    const { kind: _kind, ...noKind } = valid;
    expect(messagesOf({ ...noKind, details: { operator: '   ' } })).toEqual([
      { path: 'kind', key: 'field.required', params: {} },
      { path: 'details.operator', key: 'field.required', params: {} },
    ]);
    expect(messagesOf({ ...valid, kind: 'teapot' })).toEqual([{ path: 'kind', key: 'field.invalid', params: {} }]);
  });

  it('without the input, a missing number still reads as required', () => {
    const r = positionSchema.safeParse({ lon: 4, accuracy: null, source: 'gps' });
    expect(r.success).toBe(false);
    if (!r.success) expect(validationMessages(r.error)).toEqual([{ path: 'lat', key: 'field.required', params: {} }]);
  });

  it('carries the keys of the schema’s own rules', () => {
    expect(messagesOf({ ...valid, kind: 'antenna', details: { direction: 10 } })).toEqual([
      { path: 'details.direction', key: 'field.notForKind', params: { kind: 'antenna' } },
    ]);
    expect(
      messagesOf({ ...valid, kind: 'drone', details: { start: '2026-05-01T10:00:00Z', end: '2026-05-01T09:00:00Z' } }),
    ).toEqual([{ path: 'details.end', key: 'field.endBeforeStart', params: {} }]);
  });

  it('messagesByPath keeps the first message of each path', () => {
    const byPath = messagesByPath([
      { path: 'a', key: 'field.required', params: {} },
      { path: 'a', key: 'field.invalid', params: {} },
      { path: 'b', key: 'field.invalid', params: {} },
    ]);
    expect([...byPath.values()].map((m) => m.key)).toEqual(['field.required', 'field.invalid']);
  });
});

describe('checkDetail', () => {
  it('accepts good values and an empty optional field', () => {
    expect(checkDetail('direction', [{ bearing: 0 }, { bearing: 359.5, width: 20 }])).toBeNull();
    expect(checkDetail('direction', undefined)).toBeNull();
    expect(checkDetail('cameraType', 'dome')).toBeNull();
  });

  it('blocks bad values with a key', () => {
    expect(checkDetail('direction', [{ bearing: 360 }])).toEqual({ path: 'details.direction', key: 'field.tooLarge', params: { max: 359 } });
    expect(checkDetail('height', 301)).toEqual({ path: 'details.height', key: 'field.tooLarge', params: { max: 300 } });
    expect(checkDetail('height', Number.NaN)?.key).toBe('field.invalid');
    expect(checkDetail('operator', 'x'.repeat(201))?.key).toBe('field.tooLong');
    expect(checkDetail('operator', '  ')?.key).toBe('field.required');
    expect(checkDetail('mount', 'roof')?.key).toBe('field.invalid');
    expect(checkDetail('start', 'tomorrow')?.key).toBe('field.invalid');
  });
});
