import { describe, expect, it } from 'vitest';
import {
  directionEntries,
  entryInputValue,
  withEntryAdded,
  withEntryBearing,
  withEntryRemoved,
} from '../../../src/app/log/direction-entries.ts';

describe('the form’s directions', () => {
  it('has one input per entry, at least one', () => {
    expect(directionEntries('')).toEqual(['']);
    expect(directionEntries('90;270')).toEqual(['90', '270']);
    expect(directionEntries(withEntryAdded('90'))).toEqual(['90', '']);
  });

  it('sets the current entry only (typed, or a heading from the compass or the map handle)', () => {
    expect(withEntryBearing('90;', 1, '270')).toBe('90;270');
    expect(withEntryBearing('90;270', 0, '45')).toBe('45;270');
    expect(withEntryBearing('', 0, '12')).toBe('12');
  });

  it('turns a range and keeps its width, and shows its middle', () => {
    expect(entryInputValue('80-100')).toBe('90');
    expect(withEntryBearing('80-100;0', 0, '180')).toBe('170-190;0');
    expect(withEntryBearing('340-20', 0, '')).toBe('');
  });

  it('removes one entry and keeps the others', () => {
    expect(withEntryRemoved('90;270;0', 1)).toBe('90;0');
    expect(withEntryRemoved('90', 0)).toBe('');
  });
});
