/**
 * One compass reading taken when the walker asks, then the sensor is let go. A heading left over
 * from an earlier ask counts only once the sensor has had a moment to report the new aim; no
 * heading at all after a longer wait means this device gives none. No markup here: the request is
 * a plain object tested without a DOM, the hook only connects it to the sensor.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useCompass } from './use-compass.ts';

/** A repeated heading is trusted after this long. */
export const COMPASS_SETTLE_MS = 1500;
/** No new heading after this long: the device gives none (the walker is told, the ask stays open). */
export const COMPASS_TIMEOUT_MS = 6000;

export interface CompassAsk {
  /** A reading was asked for and none taken yet. */
  waiting: boolean;
  /** Waiting longer than COMPASS_TIMEOUT_MS. */
  silent: boolean;
}

export const NOT_ASKING: CompassAsk = { waiting: false, silent: false };

export interface CompassRequest {
  /** Asks for a reading; `current` is the heading the sensor last gave (null: none), stale from now on. */
  ask(current: number | null): void;
  /** A heading from the sensor, degrees clockwise from north, or null. */
  heading(value: number | null): void;
  /** Stops waiting (the form closes). */
  cancel(): void;
}

/**
 * A request that calls `onTaken` with the first heading it trusts, in degrees, and `onChange`
 * whenever its CompassAsk changes.
 */
export function createCompassRequest(onTaken: (degrees: number) => void, onChange: (ask: CompassAsk) => void, settleMs = COMPASS_SETTLE_MS, timeoutMs = COMPASS_TIMEOUT_MS): CompassRequest {
  let waiting = false;
  let settled = false;
  let stale: number | null = null;
  let latest: number | null = null;
  let timers: ReturnType<typeof setTimeout>[] = [];
  const stopTimers = () => {
    timers.forEach(clearTimeout);
    timers = [];
  };
  const consider = () => {
    if (!waiting || latest === null) return;
    if (latest === stale && !settled) return;
    waiting = false;
    stopTimers();
    onChange(NOT_ASKING);
    onTaken(latest);
  };
  return {
    ask(current) {
      stopTimers();
      waiting = true;
      settled = false;
      stale = current;
      latest = current;
      onChange({ waiting: true, silent: false });
      timers = [
        setTimeout(() => {
          settled = true;
          consider();
        }, settleMs),
        setTimeout(() => onChange({ waiting: true, silent: true }), timeoutMs),
      ];
    },
    heading(value) {
      latest = value;
      consider();
    },
    cancel() {
      stopTimers();
      waiting = false;
    },
  };
}

export interface CompassReading extends CompassAsk {
  /** The browser has DeviceOrientation at all. */
  supported: boolean;
  /** The walker refused the sensor (iOS asks). */
  denied: boolean;
  /** Asks for one reading; call it from a tap (iOS asks its permission then). */
  ask: () => void;
}

/** One reading on demand, passed to `onReading` in whole degrees clockwise from north. */
export function useCompassReading(onReading: (degrees: number) => void): CompassReading {
  const compass = useCompass();
  const [state, setState] = useState<CompassAsk>(NOT_ASKING);
  const latest = useRef({ onReading, stop: compass.stop });
  latest.current = { onReading, stop: compass.stop };
  const request = useMemo(
    () =>
      createCompassRequest((degrees) => {
        latest.current.stop();
        latest.current.onReading(degrees);
      }, setState),
    [],
  );
  useEffect(() => request.heading(compass.heading), [request, compass.heading]);
  useEffect(() => () => request.cancel(), [request]);
  return {
    ...state,
    supported: compass.supported,
    denied: compass.denied,
    ask: () => {
      request.ask(compass.heading);
      void compass.start();
    },
  };
}
