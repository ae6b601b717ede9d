/**
 * The server address in settings (default: the app's own origin). Changing it (sync/server-switch.ts)
 * forgets the shared map and its cursor (they came from the other server) and syncs with the new
 * one at once.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { sharedCount } from '../../store/shared.ts';
import { currentServer, switchServer } from '../../sync/server-switch.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { errorMessage, useT } from '../i18n/language.ts';
import { useDb } from '../shell/db-context.ts';
import { useFeedback } from '../shell/feedback.tsx';
import { syncControllerFor } from './use-sync.ts';
import './sync.css';

export function SyncSettings({ origin = location.origin }: { origin?: string }) {
  const t = useT();
  const db = useDb();
  const { announce } = useFeedback();
  const [value, setValue] = useState('');
  const [stored, setStored] = useState<string | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [shared, setShared] = useState<number | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    void currentServer(db, origin).then((url) => {
      if (!live) return;
      setStored(url);
      setValue(url);
    });
    void sharedCount(db).then((n) => live && setShared(n));
    return () => {
      live = false;
    };
  }, [db, origin]);

  const save = async (text: string) => {
    setError(null);
    let switched: { url: string; changed: boolean };
    try {
      switched = await switchServer(db, text, stored, origin);
    } catch (e) {
      setError(errorMessage(e, 'syncError.badUrl'));
      return;
    }
    if (switched.changed) {
      setShared(0);
      setStored(switched.url);
      void syncControllerFor(db).syncNow();
    }
    setValue(switched.url);
    announce(t('syncSettings.saved'));
  };

  return (
    <section aria-labelledby="sync-settings-heading" class="sync-settings">
      <h2 id="sync-settings-heading">{t('syncSettings.title')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // The field itself: a render may not have caught up with the last keystroke yet.
          void save(inputRef.current?.value ?? value);
        }}
      >
        <div class="field">
          <label for="server-url-input">{t('syncSettings.serverUrl')}</label>
          <input
            ref={inputRef}
            id="server-url-input"
            data-testid="server-url-input"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby="server-url-hint"
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          <p id="server-url-hint" class="hint">
            {t('syncSettings.hint', { origin })}
          </p>
          {error && (
            <p role="alert" class="field-error" data-testid="server-url-error">
              {t(error)}
            </p>
          )}
        </div>
        <div class="button-row">
          <button type="submit" data-testid="server-url-save">
            {t('syncSettings.save')}
          </button>
          {stored !== null && stored !== origin && (
            <button type="button" class="secondary" onClick={() => void save(origin)}>
              {t('syncSettings.reset')}
            </button>
          )}
        </div>
      </form>
      {shared !== null && <p class="hint">{t('syncSettings.sharedCount', { count: shared })}</p>}
    </section>
  );
}
