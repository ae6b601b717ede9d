/**
 * "Download the map for offline use", for the settings view: the street map stored whole on the
 * device, its progress and size, an update when the server has a newer archive, and delete.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatBytes, formatDateTime } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.ts';
import type { BasemapStatus } from '../../core/wire.ts';
import { deleteDeviceBasemap, deviceBasemap, type DeviceBasemap } from '../../store/basemap-archive.ts';
import { BasemapDownloadError, downloadBasemap, type DownloadProgress } from '../../sync/basemap-download.ts';
import { fetchServerBasemap } from '../../sync/server-basemap.ts';

export type BasemapState = 'none' | 'downloading' | 'ready';

export function BasemapDownload() {
  const t = useT();
  const lang = useLanguage();
  const [device, setDevice] = useState<DeviceBasemap | null>(null);
  const [server, setServer] = useState<BasemapStatus | null | undefined>(undefined);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [error, setError] = useState<'basemap.downloadFailed' | 'basemap.quota' | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    void deviceBasemap().then(setDevice, () => setDevice(null));
    void fetchServerBasemap().then(setServer);
    return () => abort.current?.abort();
  }, []);

  const state: BasemapState = progress ? 'downloading' : device ? 'ready' : 'none';
  const remote = server?.available && server.url ? server : null;
  const newer = Boolean(device && remote && remote.etag && remote.etag !== device.etag);

  const start = async () => {
    if (!remote?.url) return;
    setError(null);
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ received: 0, total: remote.bytes });
    try {
      const stored = await downloadBasemap(
        { url: remote.url, etag: remote.etag, bytes: remote.bytes, updatedAt: remote.updatedAt },
        setProgress,
        controller.signal,
      );
      // Ask the browser not to evict it under storage pressure; a refusal changes nothing here.
      await navigator.storage?.persist?.().catch(() => false);
      setDevice(stored);
    } catch (e) {
      if (!controller.signal.aborted) setError(e instanceof BasemapDownloadError ? e.key : 'basemap.downloadFailed');
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  const remove = async () => {
    await deleteDeviceBasemap();
    setDevice(null);
  };

  const percent = progress?.total ? Math.min(100, Math.floor((progress.received / progress.total) * 100)) : 0;
  const size = (bytes: number | null) => (bytes === null ? '?' : formatBytes(bytes, lang));

  return (
    <section class="basemap-download" aria-labelledby="basemap-title">
      <h3 id="basemap-title">{t('basemap.title')}</h3>
      <p data-testid="basemap-status" data-state={state} role="status">
        {state === 'downloading'
          ? t('basemap.downloading', { percent })
          : device
            ? t('basemap.ready', { size: size(device.bytes), date: formatDateTime(device.updatedAt ?? device.storedAt, lang) })
            : t('basemap.none')}
      </p>
      {progress && (
        <progress
          data-testid="basemap-progress"
          aria-label={t('basemap.progress')}
          max={progress.total ?? undefined}
          value={progress.received}
        />
      )}
      {newer && !progress && <p>{t('basemap.updateAvailable')}</p>}
      {server === null && !progress && <p>{t('basemap.offline')}</p>}
      {server && !server.available && <p>{t('basemap.serverNone')}</p>}
      {error && <p role="alert">{t(error)}</p>}
      {remote && !progress && (!device || newer) && (
        <button type="button" data-testid="download-basemap" onClick={() => void start()}>
          {t(device ? 'basemap.update' : 'basemap.download', { size: size(remote.bytes) })}
        </button>
      )}
      {device && !progress && (
        <button type="button" data-testid="delete-basemap" onClick={() => void remove()}>
          {t('basemap.delete')}
        </button>
      )}
    </section>
  );
}
