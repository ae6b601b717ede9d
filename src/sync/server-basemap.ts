/**
 * Whether the server has a basemap archive (`GET /api/v1/basemap`, shape in core/wire.ts), apart
 * from the download and the device copy so that a light page (the public map) can ask without
 * loading anything about offline storage.
 */
import { BASEMAP_STATUS_PATH, basemapStatusSchema, type BasemapStatus } from '../core/wire.ts';

/** The server's archive, if any; null when offline, when the server does not answer in time, or
 * when it answers something else than the status document. */
export async function fetchServerBasemap(timeoutMs = 4000): Promise<BasemapStatus | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(BASEMAP_STATUS_PATH, { signal: controller.signal, cache: 'no-store' });
    if (!res.ok) return null;
    const parsed = basemapStatusSchema.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
