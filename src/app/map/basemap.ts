/**
 * Which basemap the map draws: the copy downloaded to this device (works offline), else the
 * archive our server streams by range requests, else none (a plain background and a hint).
 * Tiles are read by the pmtiles protocol; no request ever leaves our origin.
 */
import type { Protocol } from 'pmtiles';
import { DEVICE_KEY, deviceSource } from './basemap-device.ts';

export const BASEMAP_STATUS_URL = '/api/basemap';

export interface ServerBasemap {
  available: boolean;
  url: string | null;
  bytes: number | null;
  etag: string | null;
  updatedAt: string | null;
}

export type BasemapOrigin = 'device' | 'server' | 'none';

export interface ResolvedBasemap {
  origin: BasemapOrigin;
  /** The `pmtiles://…` source URL for the style, or null for none. */
  url: string | null;
}

/** The server's archive, if any; null when offline or the server does not answer in time. */
export async function fetchServerBasemap(timeoutMs = 4000): Promise<ServerBasemap | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(BASEMAP_STATUS_URL, { signal: controller.signal, cache: 'no-store' });
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<ServerBasemap>;
    return typeof body.available === 'boolean'
      ? {
          available: body.available,
          url: body.url ?? null,
          bytes: body.bytes ?? null,
          etag: body.etag ?? null,
          updatedAt: body.updatedAt ?? null,
        }
      : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

export async function resolveBasemap(protocol: Protocol): Promise<ResolvedBasemap> {
  const device = await deviceSource().catch(() => null);
  if (device) {
    const { PMTiles } = await import('pmtiles');
    protocol.add(new PMTiles(device));
    return { origin: 'device', url: `pmtiles://${DEVICE_KEY}` };
  }
  const server = await fetchServerBasemap();
  if (server?.available && server.url) {
    return { origin: 'server', url: `pmtiles://${new URL(server.url, location.href).href}` };
  }
  return { origin: 'none', url: null };
}
