import { describe, expect, it } from 'vitest';
import { headingFromOrientation } from '../../../src/app/sensors/use-compass.ts';
import { screenBearing } from '../../../src/app/map/position-picker.tsx';

describe('headingFromOrientation', () => {
  it('takes iOS webkitCompassHeading as it is', () => {
    expect(headingFromOrientation({ alpha: 10, absolute: false, webkitCompassHeading: 271.6 })).toBe(272);
  });

  it('turns an absolute alpha (counter-clockwise) into a clockwise heading', () => {
    expect(headingFromOrientation({ alpha: 0, absolute: true })).toBe(0);
    expect(headingFromOrientation({ alpha: 90, absolute: true })).toBe(270);
    expect(headingFromOrientation({ alpha: 270, absolute: true })).toBe(90);
  });

  it('accounts for a rotated screen', () => {
    expect(headingFromOrientation({ alpha: 0, absolute: true }, 90)).toBe(90);
  });

  it('gives no heading from a relative alpha or no reading', () => {
    expect(headingFromOrientation({ alpha: 45, absolute: false })).toBeNull();
    expect(headingFromOrientation({ alpha: null, absolute: true })).toBeNull();
  });
});

describe('screenBearing', () => {
  it('measures clockwise from up on the screen', () => {
    const c = { x: 100, y: 100 };
    expect(screenBearing(c, { x: 100, y: 50 })).toBe(0);
    expect(screenBearing(c, { x: 150, y: 100 })).toBe(90);
    expect(screenBearing(c, { x: 100, y: 150 })).toBe(180);
    expect(screenBearing(c, { x: 50, y: 100 })).toBe(270);
  });
});
