/**
 * The compass heading from DeviceOrientation: `webkitCompassHeading` on iOS (after its permission
 * prompt), `deviceorientationabsolute` or an absolute `alpha` elsewhere. A relative alpha is no
 * compass, so it yields no heading.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { normaliseDegrees } from '../../core/direction.ts';

export interface OrientationReading {
  alpha: number | null;
  absolute: boolean;
  webkitCompassHeading?: number | null;
}

const normalise = (deg: number): number => normaliseDegrees(Math.round(deg));

/** Degrees clockwise from north, 0–359, or null when the reading is not a compass heading. */
export function headingFromOrientation(e: OrientationReading, screenAngle = 0): number | null {
  if (typeof e.webkitCompassHeading === 'number' && Number.isFinite(e.webkitCompassHeading)) {
    // Already clockwise from north, and already corrected for the screen on iOS.
    return normalise(e.webkitCompassHeading);
  }
  if (!e.absolute || e.alpha === null || !Number.isFinite(e.alpha)) return null;
  // alpha grows counter-clockwise; the screen's own rotation turns what "ahead" means.
  return normalise(360 - e.alpha + screenAngle);
}

type PermissionRequester = { requestPermission?: () => Promise<'granted' | 'denied' | 'default'> };

export interface CompassState {
  /** Degrees clockwise from north, or null until a usable reading arrives. */
  heading: number | null;
  /** The browser has DeviceOrientation at all (it may still never give an absolute heading). */
  supported: boolean;
  /** Listening; on iOS only after start() was called from a tap and permission was granted. */
  active: boolean;
  denied: boolean;
  start: () => Promise<void>;
  stop: () => void;
}

export function useCompass(): CompassState {
  const supported = typeof window !== 'undefined' && 'DeviceOrientationEvent' in window;
  const [heading, setHeading] = useState<number | null>(null);
  const [active, setActive] = useState(false);
  const [denied, setDenied] = useState(false);
  const detach = useRef<(() => void) | null>(null);

  const stop = useCallback(() => {
    detach.current?.();
    detach.current = null;
    setActive(false);
  }, []);

  const start = useCallback(async () => {
    if (!supported || detach.current) return;
    const requester = (window as unknown as { DeviceOrientationEvent: PermissionRequester }).DeviceOrientationEvent;
    if (typeof requester.requestPermission === 'function') {
      // iOS 13+: must be called from a user gesture.
      const answer = await requester.requestPermission().catch(() => 'denied' as const);
      if (answer !== 'granted') {
        setDenied(true);
        return;
      }
    }
    const eventName = 'ondeviceorientationabsolute' in window ? 'deviceorientationabsolute' : 'deviceorientation';
    const onOrientation = (event: Event) => {
      const e = event as DeviceOrientationEvent & { webkitCompassHeading?: number };
      const angle = typeof screen !== 'undefined' && screen.orientation ? screen.orientation.angle : 0;
      const h = headingFromOrientation(
        { alpha: e.alpha, absolute: e.absolute || eventName === 'deviceorientationabsolute', webkitCompassHeading: e.webkitCompassHeading },
        angle,
      );
      if (h !== null) setHeading((prev) => (prev === h ? prev : h));
    };
    window.addEventListener(eventName, onOrientation);
    detach.current = () => window.removeEventListener(eventName, onOrientation);
    setActive(true);
  }, [supported]);

  useEffect(() => stop, [stop]);

  return { heading, supported, active, denied, start, stop };
}
