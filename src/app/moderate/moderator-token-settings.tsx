/**
 * The moderator token in the settings (`npm run server -- moderator add <name>` prints it): kept in
 * meta `moderatorToken` on this device only, it turns on the Moderation view. Empty removes it.
 */
import { useState } from 'preact/hooks';
import { deleteMeta, setMeta } from '../../store/meta.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { errorMessage, useT } from '../i18n/language.ts';
import { useDb } from '../shell/db-context.ts';
import { useModeratorToken } from './use-moderator-token.ts';

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

export function ModeratorTokenSettings() {
  const t = useT();
  const db = useDb();
  const stored = useModeratorToken(db);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ key: MessageKey; error: boolean } | null>(null);

  const save = async (event: Event) => {
    event.preventDefault();
    const token = text.trim();
    if (token && !TOKEN.test(token)) {
      setMessage({ key: 'moderation.tokenInvalid', error: true });
      return;
    }
    try {
      if (token) await setMeta(db, 'moderatorToken', token);
      else await deleteMeta(db, 'moderatorToken');
      setText('');
      setMessage({ key: token ? 'moderation.tokenSaved' : 'moderation.tokenRemoved', error: false });
    } catch (e) {
      setMessage({ key: errorMessage(e, 'store.failed'), error: true });
    }
  };

  return (
    <section aria-labelledby="moderator-heading">
      <h2 id="moderator-heading">{t('moderation.tokenTitle')}</h2>
      <p class="hint">{t(stored ? 'moderation.tokenSet' : 'moderation.tokenHint')}</p>
      <form class="field" onSubmit={(e) => void save(e)}>
        <label for="moderator-token">{t('moderation.tokenLabel')}</label>
        <input
          id="moderator-token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={text}
          data-testid="moderator-token-input"
          aria-invalid={message?.error ? true : undefined}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="secondary" data-testid="moderator-token-save">
          {t('moderation.tokenSave')}
        </button>
        {message && (
          <p class={message.error ? 'field-error' : 'hint'} role={message.error ? 'alert' : 'status'}>
            {t(message.key)}
          </p>
        )}
      </form>
    </section>
  );
}
