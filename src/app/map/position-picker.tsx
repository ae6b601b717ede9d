/**
 * A small map to set where a device is and which way it looks: drag the pin, long-press the map to
 * move the pin there, drag the round handle around the pin to set the direction. Arrow keys do the
 * same for keyboard and screen-reader users. Every hand-made move is reported with source 'manual'.
 */
import { useEffect, useRef } from 'preact/hooks';
import './map.css';
import type { GeoJSONSource, LngLat, MapMouseEvent, MapTouchEvent, Marker, PointLike } from 'maplibre-gl';
import { DEFAULT_FIELD_OF_VIEW, normaliseDegrees } from '../../core/direction.ts';
import { destination, viewCone } from '../../core/geometry.ts';
import type { Position } from '../../core/observation.ts';
import { KIND_META, hasDirection, type Kind } from '../../core/taxonomy.ts';
import { accuracyRing, CONE_RADIUS_METRES } from './observation-features.ts';
import { BRUSSELS } from './map-constants.ts';
import { useMapText } from './map-text.ts';
import { useLazyMap } from './use-lazy-map.ts';

export interface PositionPickerProps {
  position: Position | null;
  onChange: (p: Position) => void;
  direction?: number | undefined;
  onDirectionChange?: (deg: number) => void;
  kind: Kind;
}

/** How long a press must be held, and how far it may wander, to count as a long-press. */
export const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP_PX = 8;
/** The direction handle sits this many pixels from the pin, whatever the zoom. */
const HANDLE_RADIUS_PX = 64;
const PICKER_ZOOM = 17;

const SRC_CONE = 'picker-cone';
const SRC_ACCURACY = 'picker-accuracy';

const normalise = (deg: number): number => normaliseDegrees(Math.round(deg));
const empty = { type: 'FeatureCollection' as const, features: [] };
const polygon = (ring: [number, number][]) => ({
  type: 'Feature' as const,
  properties: {},
  geometry: { type: 'Polygon' as const, coordinates: [ring] },
});

/** Screen bearing from the pin to a point, in degrees clockwise from up (the picker never rotates). */
export function screenBearing(from: { x: number; y: number }, to: { x: number; y: number }): number {
  return normalise((Math.atan2(to.x - from.x, -(to.y - from.y)) * 180) / Math.PI);
}

function pinElement(color: string, label: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'map-pin';
  el.tabIndex = 0;
  el.setAttribute('role', 'button');
  el.setAttribute('aria-label', label);
  el.dataset['testid'] = 'position-pin';
  el.innerHTML =
    `<svg width="34" height="46" viewBox="0 0 34 46" aria-hidden="true">` +
    `<path d="M17 45C17 45 2 27 2 17a15 15 0 0 1 30 0c0 10-15 28-15 28z" fill="${color}" stroke="#fff" stroke-width="3"/>` +
    `<circle cx="17" cy="17" r="5.5" fill="#fff"/></svg>`;
  return el;
}

function handleElement(color: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'map-handle';
  el.tabIndex = 0;
  el.setAttribute('role', 'slider');
  el.setAttribute('aria-valuemin', '0');
  el.setAttribute('aria-valuemax', '359');
  el.dataset['testid'] = 'direction-handle';
  el.style.setProperty('--handle-color', color);
  el.innerHTML = `<svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true"><circle cx="14" cy="14" r="12" fill="${color}" stroke="#fff" stroke-width="3"/><path d="M14 6l5 9h-10z" fill="#fff"/></svg>`;
  return el;
}

export function PositionPicker({ position, onChange, direction, onDirectionChange, kind }: PositionPickerProps) {
  const text = useMapText();
  const container = useRef<HTMLDivElement>(null);
  const pin = useRef<Marker | null>(null);
  const handle = useRef<Marker | null>(null);
  // The latest props, read by the map's event handlers without re-binding them.
  const props = useRef({ position, onChange, direction, onDirectionChange, kind });
  props.current = { position, onChange, direction, onDirectionChange, kind };
  const showsDirection = hasDirection(kind) && Boolean(onDirectionChange);

  /** Where the pin stands now: the position, or the map centre until one is set. */
  const pinLngLat = (): [number, number] => {
    const p = props.current.position;
    if (p) return [p.lon, p.lat];
    const c = mapRef.current?.getCenter();
    return c ? [c.lng, c.lat] : [BRUSSELS.lon, BRUSSELS.lat];
  };

  const placeHandle = (deg: number | undefined) => {
    const map = mapRef.current;
    const h = handle.current;
    const at = pin.current?.getLngLat();
    if (!map || !h || !at) return;
    const centre = map.project(at);
    const b = ((deg ?? 0) * Math.PI) / 180;
    const offset: PointLike = [centre.x + HANDLE_RADIUS_PX * Math.sin(b), centre.y - HANDLE_RADIUS_PX * Math.cos(b)];
    h.setLngLat(map.unproject(offset)).setRotation(deg ?? 0);
    const el = h.getElement();
    el.classList.toggle('map-handle--unset', deg === undefined);
    el.setAttribute('aria-valuenow', String(deg ?? 0));
    el.setAttribute('aria-label', text.directionHandle(deg ?? 0));
  };

  const drawCone = (deg: number | undefined) => {
    const map = mapRef.current;
    const at = pin.current?.getLngLat();
    const src = map?.getSource<GeoJSONSource>(SRC_CONE);
    if (!src) return;
    src.setData(
      deg === undefined || !at || !showsDirection
        ? empty
        : { type: 'FeatureCollection', features: [polygon(viewCone(at.lng, at.lat, deg, DEFAULT_FIELD_OF_VIEW, CONE_RADIUS_METRES))] },
    );
  };

  const drawAccuracy = (p: Position | null) => {
    const src = mapRef.current?.getSource<GeoJSONSource>(SRC_ACCURACY);
    if (!src) return;
    src.setData(
      p && p.accuracy !== null && p.source === 'gps'
        ? { type: 'FeatureCollection', features: [polygon(accuracyRing(p.lon, p.lat, p.accuracy))] }
        : empty,
    );
  };

  const emitPosition = (at: LngLat | { lng: number; lat: number }) => {
    props.current.onChange({ lon: at.lng, lat: at.lat, accuracy: null, source: 'manual' });
  };

  const { mapRef, ready, failed } = useLazyMap(container, () => {
    const start = props.current.position;
    return {
      options: {
        center: start ? [start.lon, start.lat] : [BRUSSELS.lon, BRUSSELS.lat],
        zoom: start ? PICKER_ZOOM : BRUSSELS.zoom + 2,
        options: { dragRotate: false, pitchWithRotate: false },
      },
      setup: ({ map: m, maplibre }, markReady) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        m.touchZoomRotate.disableRotation();
        m.keyboard.disableRotation();
        const color = KIND_META[props.current.kind].color;

        const pinEl = pinElement(color, text.pin);
        if (!start) pinEl.classList.add('map-pin--unset');
        pin.current = new maplibre.Marker({ element: pinEl, anchor: 'bottom', draggable: true })
          .setLngLat(pinLngLat())
          .addTo(m);
        const movePin = (at: LngLat) => {
          pin.current?.setLngLat(at);
          pinEl.classList.remove('map-pin--unset');
          placeHandle(props.current.direction);
          drawCone(props.current.direction);
          drawAccuracy(null);
          emitPosition(at);
        };
        pin.current.on('drag', () => {
          placeHandle(props.current.direction);
          drawCone(props.current.direction);
        });
        pin.current.on('dragend', () => {
          const at = pin.current?.getLngLat();
          if (at) movePin(at);
        });
        pinEl.addEventListener('keydown', (e) => {
          const steps: Record<string, number> = { ArrowUp: 0, ArrowRight: 90, ArrowDown: 180, ArrowLeft: 270 };
          const bearing = steps[e.key];
          const at = pin.current?.getLngLat();
          if (bearing === undefined || !at) return;
          e.preventDefault();
          const [lon, lat] = destination(at.lng, at.lat, bearing, e.shiftKey ? 10 : 2);
          movePin(new maplibre.LngLat(lon, lat));
          m.panTo([lon, lat]);
        });

        const handleEl = handleElement(color);
        handle.current = new maplibre.Marker({ element: handleEl, anchor: 'center', draggable: true }).setLngLat(pinLngLat());
        const handleBearing = (): number | null => {
          const at = pin.current?.getLngLat();
          const h = handle.current?.getLngLat();
          return at && h ? screenBearing(m.project(at), m.project(h)) : null;
        };
        handle.current.on('drag', () => {
          const deg = handleBearing();
          if (deg === null) return;
          drawCone(deg);
          handle.current?.setRotation(deg);
          handleEl.setAttribute('aria-valuenow', String(deg));
        });
        handle.current.on('dragend', () => {
          const deg = handleBearing();
          if (deg === null) return;
          placeHandle(deg);
          drawCone(deg);
          props.current.onDirectionChange?.(deg);
        });
        handleEl.addEventListener('keydown', (e) => {
          const delta = { ArrowRight: 5, ArrowUp: 5, ArrowLeft: -5, ArrowDown: -5 }[e.key];
          if (delta === undefined) return;
          e.preventDefault();
          const deg = normalise((props.current.direction ?? 0) + (e.shiftKey ? delta * 3 : delta));
          placeHandle(deg);
          drawCone(deg);
          props.current.onDirectionChange?.(deg);
        });

        // Long-press: hold still for LONG_PRESS_MS; any move, drag, zoom or second finger cancels.
        let pressAt: { x: number; y: number } | null = null;
        const cancel = () => {
          clearTimeout(timer);
          pressAt = null;
        };
        const begin = (e: MapMouseEvent | MapTouchEvent) => {
          const original = e.originalEvent;
          if ('touches' in original && original.touches.length > 1) return cancel();
          if ('button' in original && original.button !== 0) return;
          cancel();
          pressAt = e.point;
          const at = e.lngLat;
          timer = setTimeout(() => {
            pressAt = null;
            movePin(at);
          }, LONG_PRESS_MS);
        };
        const moved = (e: MapMouseEvent | MapTouchEvent) => {
          if (pressAt && Math.hypot(e.point.x - pressAt.x, e.point.y - pressAt.y) > LONG_PRESS_SLOP_PX) cancel();
        };
        m.on('mousedown', begin);
        m.on('touchstart', begin);
        m.on('mousemove', moved);
        m.on('touchmove', moved);
        for (const type of ['mouseup', 'touchend', 'touchcancel', 'dragstart', 'zoomstart'] as const) m.on(type, cancel);
        // A long-press on Android and a right-click on a desktop both arrive as contextmenu.
        m.on('contextmenu', (e) => {
          e.preventDefault();
          cancel();
          movePin(e.lngLat);
        });

        m.on('move', () => placeHandle(props.current.direction));
        m.on('load', () => {
          m.addSource(SRC_ACCURACY, { type: 'geojson', data: empty });
          m.addSource(SRC_CONE, { type: 'geojson', data: empty });
          m.addLayer({ id: 'picker-accuracy', type: 'fill', source: SRC_ACCURACY, paint: { 'fill-color': '#2a7de1', 'fill-opacity': 0.15 } });
          m.addLayer({ id: 'picker-accuracy-line', type: 'line', source: SRC_ACCURACY, paint: { 'line-color': '#2a7de1', 'line-width': 1.5 } });
          m.addLayer({ id: 'picker-cone', type: 'fill', source: SRC_CONE, paint: { 'fill-color': color, 'fill-opacity': 0.3 } });
          markReady();
        });

        return () => {
          clearTimeout(timer);
          pin.current = null;
          handle.current = null;
        };
      },
    };
  });

  // A position from outside (the GPS, a typed value): move the pin and bring it into view.
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !pin.current) return;
    if (position) {
      const current = pin.current.getLngLat();
      if (current.lng !== position.lon || current.lat !== position.lat) {
        pin.current.setLngLat([position.lon, position.lat]);
        pin.current.getElement().classList.remove('map-pin--unset');
        const bounds = map.getBounds();
        if (!bounds.contains([position.lon, position.lat]) || map.getZoom() < PICKER_ZOOM - 2) {
          map.jumpTo({ center: [position.lon, position.lat], zoom: Math.max(map.getZoom(), PICKER_ZOOM) });
        }
      }
    }
    drawAccuracy(position);
    placeHandle(direction);
    drawCone(direction);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, position?.lon, position?.lat, position?.accuracy, position?.source, direction]);

  // A different kind chosen after the map was built: its colour on the pin, handle and cone.
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const color = KIND_META[kind].color;
    pin.current?.getElement().querySelector('path')?.setAttribute('fill', color);
    handle.current?.getElement().querySelector('circle')?.setAttribute('fill', color);
    if (map.getLayer('picker-cone')) map.setPaintProperty('picker-cone', 'fill-color', color);
  }, [ready, kind]);

  // The handle only for kinds that have a direction.
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !handle.current) return;
    if (showsDirection) {
      handle.current.addTo(map);
      placeHandle(direction);
    } else {
      handle.current.remove();
    }
    drawCone(direction);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, showsDirection]);

  return (
    <div class="position-picker" data-testid="position-picker">
      <div ref={container} class="map-canvas" role="group" aria-label={text.picker} />
      {position?.accuracy != null && position.source === 'gps' && (
        <p class="map-accuracy" data-testid="position-accuracy">
          {text.accuracy(position.accuracy)}
        </p>
      )}
      {failed && (
        <p class="map-message" role="alert">
          {text.mapFailed}
        </p>
      )}
    </div>
  );
}
