/**
 * The download of the server's offline basemap, whole, into the device's store
 * (src/store/basemap-archive.ts), with progress. The previous copy stays in use until the new one
 * is complete. Whether the server has one at all: server-basemap.ts.
 */
import { commitBasemap, openBasemapSink, type DeviceBasemap } from '../store/basemap-archive.ts';
import { isQuotaError } from '../store/errors.ts';
import { KeyedError } from '../core/keyed-error.ts';

export interface DownloadProgress {
  received: number;
  /** Bytes expected, null when neither the server nor the status said. */
  total: number | null;
}

/** The archive to download, as the status document describes it. */
export interface RemoteArchive {
  url: string;
  etag: string | null;
  bytes: number | null;
  updatedAt: string | null;
}

export type BasemapDownloadErrorKey = 'basemap.downloadFailed' | 'basemap.quota';

/** A download that did not complete; nothing stored changed. */
export class BasemapDownloadError extends KeyedError<BasemapDownloadErrorKey> {
  override name = 'BasemapDownloadError';
}

/**
 * Downloads the whole archive and stores it on the device, reporting progress. Throws a
 * BasemapDownloadError (`basemap.quota` when the device is full, `basemap.downloadFailed` for a
 * failed request, a cut stream, a wrong length or bytes that are not PMTiles).
 */
export async function downloadBasemap(
  remote: RemoteArchive,
  onProgress: (p: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<DeviceBasemap> {
  const response = await fetch(remote.url, { cache: 'no-store', ...(signal ? { signal } : {}) });
  if (!response.ok || !response.body) {
    throw new BasemapDownloadError('basemap.downloadFailed', `GET ${remote.url} answered ${response.status}`);
  }
  const total = Number(response.headers.get('content-length')) || remote.bytes;
  const etag = response.headers.get('etag') ?? remote.etag;
  const sink = await openBasemapSink({ etag, updatedAt: remote.updatedAt });
  const reader = response.body.getReader();
  let received = 0;
  let head = new Uint8Array(0);
  try {
    onProgress({ received, total });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (head.length < 7) head = new Uint8Array([...head, ...value.subarray(0, 7 - head.length)]);
      await sink.write(value);
      received += value.byteLength;
      onProgress({ received, total });
    }
    if (new TextDecoder().decode(head) !== 'PMTiles') {
      throw new BasemapDownloadError('basemap.downloadFailed', 'the server sent something that is not a PMTiles archive');
    }
    if (total !== null && received !== total) {
      throw new BasemapDownloadError('basemap.downloadFailed', `expected ${total} bytes, received ${received}`);
    }
    const meta = await sink.close();
    await commitBasemap(meta);
    return meta;
  } catch (e) {
    reader.cancel().catch(() => undefined);
    await sink.abort();
    if (e instanceof BasemapDownloadError) throw e;
    if (isQuotaError(e)) throw new BasemapDownloadError('basemap.quota', 'not enough space on this device for the map');
    throw new BasemapDownloadError('basemap.downloadFailed', e instanceof Error ? e.message : String(e));
  }
}
