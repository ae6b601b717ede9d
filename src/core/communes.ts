/**
 * The 19 communes of the Brussels-Capital Region, as the product ships them
 * (`data/brussels-communes.json`, made by `npm run communes` from the UrbIS file: simplified
 * polygons, WGS84 lon/lat; area in km² measured on the full-detail polygons). The public page, its
 * communes view, the Atom feed per commune and the OGC API all place a device through `communeOf`.
 * Source: UrbIS® © Paradigm (Brussels Region), open-data licence, attribution required (`COMMUNES_ATTRIBUTION`).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import data from './data/brussels-communes.json' with { type: 'json' };

export interface CommuneProperties {
  /** The NIS (national statistics) code, e.g. `21004` for Bruxelles / Brussel. */
  nis: string;
  name_fr: string;
  name_nl: string;
  /** Geodesic area, km². */
  area_km2: number;
}

export interface CommuneFeature {
  type: 'Feature';
  properties: CommuneProperties;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export const COMMUNES = data as { type: 'FeatureCollection'; attribution: string; features: CommuneFeature[] };
export const COMMUNES_ATTRIBUTION: string = COMMUNES.attribution;

type Box = [number, number, number, number];

function boxOf(feature: CommuneFeature): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [lon, lat] of ring as [number, number][]) {
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}

const boxes = COMMUNES.features.map((f) => ({ feature: f, box: boxOf(f) }));

/** The NIS code of the commune holding (lon, lat), or null outside the Region. */
export function communeOf(lon: number, lat: number): string | null {
  for (const { feature, box } of boxes) {
    if (lon < box[0] || lon > box[2] || lat < box[1] || lat > box[3]) continue;
    if (booleanPointInPolygon([lon, lat], feature as never)) return feature.properties.nis;
  }
  return null;
}

/** A commune by NIS code, or undefined. */
export const communeByNis = (nis: string): CommuneFeature | undefined => COMMUNES.features.find((f) => f.properties.nis === nis);
