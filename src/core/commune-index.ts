/**
 * Placing a point in one of the communes of a boundary collection (`data/brussels-communes.json`:
 * simplified polygons, WGS84 lon/lat; area in km² measured on the full-detail polygons). Pure: the
 * server reads the collection with its code (communes.ts), the public page fetches it as a file.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';

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

export interface CommuneCollection {
  type: 'FeatureCollection';
  /** The source's attribution, to show beside any use of the boundaries. */
  attribution: string;
  features: CommuneFeature[];
}

/** The NIS code of the commune holding (lon, lat), or null outside every commune. */
export type CommuneOf = (lon: number, lat: number) => string | null;

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

/** `communeOf` over `collection`, each commune's bounding box computed once. */
export function communeLookup(collection: CommuneCollection): CommuneOf {
  const boxes = collection.features.map((f) => ({ feature: f, box: boxOf(f) }));
  return (lon, lat) => {
    for (const { feature, box } of boxes) {
      if (lon < box[0] || lon > box[2] || lat < box[1] || lat > box[3]) continue;
      if (booleanPointInPolygon([lon, lat], feature as never)) return feature.properties.nis;
    }
    return null;
  };
}
