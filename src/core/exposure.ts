/**
 * Route exposure: the share of a walked line's length that lies inside the view of public devices.
 * A device with a direction watches a cone (`viewCone`) of `EXPOSURE_RADIUS_METRES` unless it says
 * otherwise (`details.range`, metres), one cone per direction (`directionsOf`, direction.ts);
 * a device whose direction is unknown watches a disc of its kind's default radius
 * (`WATCH_RADIUS_METRES`; 0 for kinds that watch nobody's route).
 * The 40 m reach is the public-map issue's rule; the 60° field of view (`DEFAULT_FIELD_OF_VIEW`) and the per-kind radii are
 * display conventions of the collective, not measurements of any device and not from a published
 * source: they make exposures comparable, they do not say how far a given device sees.
 * The line is sampled every `stepMetres` along its length (WGS84 lon/lat, haversine distances),
 * each sample tested against the areas near it (Flatbush index, Turf point-in-polygon).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import turfLength from '@turf/length';
import Flatbush from 'flatbush';
import { directionsOf } from './direction.ts';
import { distanceMetres, viewCone } from './geometry.ts';
import { statusOf, type PublicFeature } from './public-device.ts';
import { hasDirection, type Kind } from './taxonomy.ts';

/** How far a camera's view reaches when the device says nothing (metres). */
export const EXPOSURE_RADIUS_METRES = 40;
/** Route files: at most this many bytes and points. */
export const ROUTE_LIMITS = { bytes: 5 * 1024 * 1024, points: 10_000 } as const;

/**
 * Radius (metres) a device watches all around when its direction is unknown; 0: not counted.
 * A display convention of the collective (see the module comment), not a measured range.
 */
export const WATCH_RADIUS_METRES: Record<Kind, number> = {
  camera: 20,
  alpr: 20,
  face_recognition: 20,
  sound_sensor: 50,
  footfall_sensor: 30,
  ad_screen: 10,
  antenna: 0,
  hostile_design: 0,
  guard: 0,
  drone: 0,
  mobile_unit: 0,
};

type Ring = [number, number][];

/** The areas (closed rings) a device watches; none for a removed device or a kind that watches no route. */
export function viewAreas(f: PublicFeature): Ring[] {
  if (statusOf(f.properties) === 'removed') return [];
  const [lon, lat] = f.geometry.coordinates;
  const kind = f.properties.kind;
  const range = f.properties.details.range;
  const reach = typeof range === 'number' && range > 0 ? range : EXPOSURE_RADIUS_METRES;
  const directions = hasDirection(kind) ? directionsOf(f.properties.details.direction) : [];
  if (directions.length) return directions.map((d) => viewCone(lon, lat, d.bearing, d.fov, reach));
  const radius = WATCH_RADIUS_METRES[kind];
  return radius > 0 ? [viewCone(lon, lat, 0, 360, radius)] : [];
}

export interface Exposure {
  /** Length of the route, metres (Turf's geodesic length). */
  lengthMetres: number;
  /** Length inside the view of at least one device, metres. */
  exposedMetres: number;
  /** exposedMetres / lengthMetres, from 0 to 1 (0 for an empty route). */
  share: number;
  /** Length inside the view of each kind, metres. */
  byKind: Partial<Record<Kind, number>>;
  /** Public ids of the devices that watch some of the route. */
  devices: string[];
}

function ringBox(ring: Ring): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    w = Math.min(w, x);
    s = Math.min(s, y);
    e = Math.max(e, x);
    n = Math.max(n, y);
  }
  return [w, s, e, n];
}

/**
 * The exposure of a line (`[lon, lat]` vertices, at least two) among `devices`.
 * @throws RangeError for fewer than two vertices or a step that is not positive.
 */
export function routeExposure(line: readonly [number, number][], devices: readonly PublicFeature[], stepMetres = 1): Exposure {
  if (line.length < 2) throw new RangeError(`routeExposure expects a line of at least two points, got ${line.length}`);
  if (!(stepMetres > 0)) throw new RangeError(`routeExposure expects a positive step, got ${stepMetres}`);
  const areas: { ring: Ring; kind: Kind; id: string }[] = [];
  for (const f of devices) for (const ring of viewAreas(f)) areas.push({ ring, kind: f.properties.kind, id: f.properties.id });
  const index = areas.length ? new Flatbush(areas.length) : null;
  if (index) {
    for (const a of areas) index.add(...ringBox(a.ring));
    index.finish();
  }
  const lengthMetres = turfLength({ type: 'LineString', coordinates: line.map((p) => [...p]) } as never, { units: 'meters' });
  let exposedMetres = 0;
  const byKind: Partial<Record<Kind, number>> = {};
  const seen = new Set<string>();
  for (let i = 1; i < line.length; i++) {
    const [x0, y0] = line[i - 1]!;
    const [x1, y1] = line[i]!;
    const segment = distanceMetres({ lon: x0, lat: y0 }, { lon: x1, lat: y1 });
    if (segment === 0 || !index) continue;
    const steps = Math.max(1, Math.ceil(segment / stepMetres));
    const piece = segment / steps;
    for (let k = 0; k < steps; k++) {
      // The middle of each piece stands for it (straight in lon/lat: metres apart, not kilometres).
      const t = (k + 0.5) / steps;
      const x = x0 + (x1 - x0) * t;
      const y = y0 + (y1 - y0) * t;
      const kinds = new Set<Kind>();
      for (const j of index.search(x, y, x, y)) {
        const a = areas[j]!;
        if (!booleanPointInPolygon([x, y], { type: 'Polygon', coordinates: [a.ring] })) continue;
        kinds.add(a.kind);
        seen.add(a.id);
      }
      if (kinds.size === 0) continue;
      exposedMetres += piece;
      for (const kind of kinds) byKind[kind] = (byKind[kind] ?? 0) + piece;
    }
  }
  // The sampled length (haversine) and Turf's differ by rounding only; the share stays within 0..1.
  const share = lengthMetres > 0 ? Math.min(1, exposedMetres / lengthMetres) : 0;
  return { lengthMetres, exposedMetres, share, byKind, devices: [...seen] };
}

/** The exposure of several lines (a GPX file with several tracks) taken as one route. */
export function linesExposure(lines: readonly (readonly [number, number][])[], devices: readonly PublicFeature[], stepMetres = 1): Exposure {
  const total: Exposure = { lengthMetres: 0, exposedMetres: 0, share: 0, byKind: {}, devices: [] };
  const ids = new Set<string>();
  for (const line of lines) {
    if (line.length < 2) continue;
    const r = routeExposure(line, devices, stepMetres);
    total.lengthMetres += r.lengthMetres;
    total.exposedMetres += r.exposedMetres;
    for (const [kind, metres] of Object.entries(r.byKind) as [Kind, number][]) total.byKind[kind] = (total.byKind[kind] ?? 0) + metres;
    r.devices.forEach((id) => ids.add(id));
  }
  total.devices = [...ids];
  total.share = total.lengthMetres > 0 ? Math.min(1, total.exposedMetres / total.lengthMetres) : 0;
  return total;
}
