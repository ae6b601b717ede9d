/**
 * Which basemap the map draws: the copy downloaded to this device (works offline), else the
 * archive our server streams by range requests, else none (a plain background and a hint).
 * Tiles are read by the pmtiles protocol; no request ever leaves our origin.
 */
import type { Protocol } from 'pmtiles';
import { DEVICE_BASEMAP_KEY, deviceSource } from '../../store/basemap-archive.ts';
import { fetchServerBasemap } from '../../sync/server-basemap.ts';

export type BasemapOrigin = 'device' | 'server' | 'none';

export interface ResolvedBasemap {
  origin: BasemapOrigin;
  /** The `pmtiles://…` source URL for the style, or null for none. */
  url: string | null;
}

/**
 * The device's copy (offline) first, else the server's archive, else none. `protocol` (MapLibre's
 * pmtiles protocol, once loaded) is asked for only to register a device copy, so the lookup can run
 * while MapLibre still loads.
 */
export async function resolveBasemap(protocol: () => Promise<Protocol>): Promise<ResolvedBasemap> {
  const device = await deviceSource().catch(() => null);
  if (device) {
    const [{ PMTiles }, registry] = await Promise.all([import('pmtiles'), protocol()]);
    registry.add(new PMTiles(device));
    return { origin: 'device', url: `pmtiles://${DEVICE_BASEMAP_KEY}` };
  }
  const server = await fetchServerBasemap();
  if (server?.available && server.url) {
    return { origin: 'server', url: `pmtiles://${new URL(server.url, location.href).href}` };
  }
  return { origin: 'none', url: null };
}
