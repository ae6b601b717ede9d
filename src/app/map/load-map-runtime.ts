/** The map runtime (style, basemap choice, fonts, icons), loaded with MapLibre on first use. */
export type MapRuntime = typeof import('./create-map.ts');

export const loadMapRuntime = (): Promise<MapRuntime> => import('./create-map.ts');
