/** Language, storage used and available, and "wipe this device" behind a confirmation. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isPersisted, storageEstimate } from '../../store/storage.ts';
import { wipeDevice } from '../../store/wipe.ts';
import { LANGUAGES, type Language, type MessageKey } from '../i18n/catalogues.ts';
import { formatBytes } from '../i18n/format.ts';
import { errorMessage, setLanguage, useLanguage, useT } from '../i18n/language.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { useDb } from '../shell/db-context.ts';
import { ViewTitle } from '../shell/view-title.tsx';
import { markWiped } from '../shell/wiped.ts';
import { BasemapDownload } from './basemap-download.tsx';
import { SyncSettings } from '../sync/sync-settings.tsx';
import { ModeratorTokenSettings } from '../moderate/moderator-token-settings.tsx';

export interface SettingsViewProps {
  /**
   * What happens once the device is wiped: the app gives way to a notice (replaceable in tests).
   * Not a reload: that would reopen the database and register the service worker again at once.
   */
  afterWipe?: () => void;
}

function StorageInfo() {
  const t = useT();
  const lang = useLanguage();
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null | undefined>(undefined);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void storageEstimate().then((e) => live && setEstimate(e));
    void isPersisted().then((p) => live && setPersisted(p));
    return () => {
      live = false;
    };
  }, []);
  if (estimate === undefined) return <p>{t('app.loading')}</p>;
  if (estimate === null) return <p>{t('settings.storageUnknown')}</p>;
  const share = estimate.quota > 0 ? estimate.usage / estimate.quota : 0;
  return (
    <div data-testid="storage-estimate">
      <p>{t('settings.storageUsage', { usage: formatBytes(estimate.usage, lang), quota: formatBytes(estimate.quota, lang) })}</p>
      <meter min={0} max={1} value={share} aria-label={t('settings.storage')} />
      {persisted && <p class="hint">{t('settings.persisted')}</p>}
    </div>
  );
}

function WipeDevice({ afterWipe }: { afterWipe: () => void }) {
  const t = useT();
  const db = useDb();
  const [confirming, setConfirming] = useState(false);
  const [wiping, setWiping] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const openerRef = useRef<HTMLButtonElement>(null);

  // Cancel, Escape: the focus goes back to the button that opened the dialog.
  const closed = () => {
    setConfirming(false);
    setError(null);
    openerRef.current?.focus();
  };

  const wipe = async () => {
    setWiping(true);
    setError(null);
    try {
      await wipeDevice(db);
      afterWipe();
    } catch (e) {
      setError(errorMessage(e, 'store.failed'));
      setWiping(false);
    }
  };

  return (
    <section aria-labelledby="wipe-heading">
      <h2 id="wipe-heading">{t('settings.wipe')}</h2>
      <p class="hint">{t('settings.wipeHint')}</p>
      <button ref={openerRef} type="button" class="danger" data-testid="wipe-device" onClick={() => setConfirming(true)}>
        {t('settings.wipe')}
      </button>
      {confirming && (
        <ConfirmDialog
          id="wipe"
          title={t('settings.wipeConfirmTitle')}
          text={t('settings.wipeConfirmText')}
          confirmLabel={wiping ? t('settings.wiping') : t('settings.wipeConfirm')}
          busy={wiping}
          error={error}
          onConfirm={() => void wipe()}
          onClose={closed}
        />
      )}
    </section>
  );
}

export function SettingsView({ afterWipe = markWiped }: SettingsViewProps) {
  const t = useT();
  const lang = useLanguage();
  return (
    <section class="settings-view">
      <ViewTitle>{t('settings.title')}</ViewTitle>
      <p>
        <a href="/explore/">{t('settings.publicMap')}</a>
      </p>
      <div class="field">
        <label for="language-select">{t('settings.language')}</label>
        <select id="language-select" data-testid="language-select" value={lang} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
          {LANGUAGES.map((l) => (
            // Each language is named in itself, so anyone can find their own.
            <option key={l} value={l} lang={l}>
              {t(`language.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <section aria-labelledby="storage-heading">
        <h2 id="storage-heading">{t('settings.storage')}</h2>
        <StorageInfo />
      </section>
      <SyncSettings />
      <ModeratorTokenSettings />
      <BasemapDownload />
      <WipeDevice afterWipe={afterWipe} />
    </section>
  );
}
