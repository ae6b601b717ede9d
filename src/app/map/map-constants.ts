/** Names and places the map components share, apart from the style so they cost nothing to import. */

export const SOURCE = {
  observations: 'observations',
  cones: 'cones',
  shared: 'shared',
} as const;

export const LAYER = {
  background: 'background',
  shared: 'shared-points',
  cones: 'observation-cones',
  conesOutline: 'observation-cones-outline',
  clusters: 'observation-clusters',
  clusterCount: 'observation-cluster-count',
  points: 'observation-points',
  icons: 'observation-icons',
} as const;

/** Zoom from which the view cones are drawn: street level, where a cone is wider than its point. */
export const CONES_MIN_ZOOM = 14;

/** The initial view when there is nothing to fit: the Grand-Place area. */
export const BRUSSELS = { lon: 4.3528, lat: 50.8466, zoom: 13 } as const;

/** How a view is fitted to observations: clear of the edges, never closer than street level. */
export const FIT_BOUNDS = { padding: 48, maxZoom: 16 } as const;
