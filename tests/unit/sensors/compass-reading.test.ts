import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMPASS_SETTLE_MS, COMPASS_TIMEOUT_MS, createCompassRequest, type CompassAsk } from '../../../src/app/sensors/compass-reading.ts';

describe('one compass reading on demand', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setUp = () => {
    const taken: number[] = [];
    const states: CompassAsk[] = [];
    const request = createCompassRequest((d) => taken.push(d), (s) => states.push(s));
    return { taken, states, request, last: () => states.at(-1) };
  };

  it('takes the first heading when none was known, then stops listening to the sensor', () => {
    const { taken, request, last } = setUp();
    request.heading(null);
    request.ask(null);
    expect(last()).toEqual({ waiting: true, silent: false });
    request.heading(null);
    expect(taken).toEqual([]);
    request.heading(212);
    expect(taken).toEqual([212]);
    expect(last()).toEqual({ waiting: false, silent: false });
    request.heading(90);
    vi.advanceTimersByTime(COMPASS_TIMEOUT_MS);
    expect(taken).toEqual([212]);
    expect(last()).toEqual({ waiting: false, silent: false });
  });

  it('trusts a heading left from an earlier ask only once the sensor had time to report the new aim', () => {
    const { taken, request } = setUp();
    request.heading(40);
    request.ask(40);
    request.heading(40);
    vi.advanceTimersByTime(COMPASS_SETTLE_MS - 1);
    expect(taken).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(taken).toEqual([40]);
  });

  it('takes a new heading at once, even right after a second ask', () => {
    const { taken, request } = setUp();
    request.ask(40);
    request.heading(41);
    expect(taken).toEqual([41]);
    request.ask(41);
    request.heading(300);
    expect(taken).toEqual([41, 300]);
  });

  it('says so when no heading came for a long time, and still takes a late one', () => {
    const { taken, request, last } = setUp();
    request.ask(null);
    vi.advanceTimersByTime(COMPASS_TIMEOUT_MS - 1);
    expect(last()).toEqual({ waiting: true, silent: false });
    vi.advanceTimersByTime(1);
    expect(last()).toEqual({ waiting: true, silent: true });
    request.heading(10);
    expect(taken).toEqual([10]);
    expect(last()).toEqual({ waiting: false, silent: false });
  });

  it('takes nothing once cancelled', () => {
    const { taken, states, request } = setUp();
    request.ask(5);
    request.cancel();
    vi.advanceTimersByTime(COMPASS_TIMEOUT_MS);
    request.heading(80);
    expect(taken).toEqual([]);
    expect(states).toHaveLength(1);
  });
});
