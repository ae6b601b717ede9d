/**
 * Whether the server has a basemap archive (`GET /api/basemap`), apart from the device copy so
 * that the public page can ask without loading anything about offline storage.
 */

export const BASEMAP_STATUS_URL = '/api/basemap';

export interface ServerBasemap {
  available: boolean;
  url: string | null;
  bytes: number | null;
  etag: string | null;
  updatedAt: string | null;
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

