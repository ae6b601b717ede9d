/**
 * Attach a document (moderators): a title, an http(s) link, a kind and a date, to a device (its
 * public id), an operator (its name) or a commune (its NIS code). Sent at once (online only: a
 * document is not a street decision that must survive a walk without network); a link that is not
 * http(s) is refused here and by the server.
 */
import { useState } from 'preact/hooks';
import { DOCUMENT_KINDS, DOCUMENT_TARGETS, documentInputSchema, type DocumentKind, type DocumentTarget } from '../../core/documents.ts';
import type { ApiClient } from '../../sync/api-client.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { errorMessage, useT } from '../i18n/language.ts';

export function AttachDocument({ client, token }: { client: ApiClient | null; token: string }) {
  const t = useT();
  const [target, setTarget] = useState<DocumentTarget>('device');
  const [targetId, setTargetId] = useState('');
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<DocumentKind>('access_request');
  const [date, setDate] = useState('');
  const [message, setMessage] = useState<{ key: MessageKey; ok: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const parsed = documentInputSchema.safeParse({ target, targetId, title, url, kind, date });
    if (!parsed.success) {
      const badUrl = parsed.error.issues.some((i) => i.path[0] === 'url');
      setMessage({ key: badUrl ? 'document.badUrl' : 'document.incomplete', ok: false });
      return;
    }
    if (!client) {
      setMessage({ key: 'syncError.network', ok: false });
      return;
    }
    setBusy(true);
    try {
      await client.attachDocument(token, parsed.data);
      setMessage({ key: 'document.attached', ok: true });
      setTitle('');
      setUrl('');
    } catch (error) {
      setMessage({ key: errorMessage(error, 'syncError.network'), ok: false });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="attach-document" aria-labelledby="attach-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="attach-heading">{t('document.title')}</h2>
      <div class="field">
        <label for="document-target">{t('document.target')}</label>
        <select id="document-target" value={target} onChange={(e) => setTarget(e.currentTarget.value as DocumentTarget)}>
          {DOCUMENT_TARGETS.map((v) => (
            <option key={v} value={v}>
              {t(`document.target.${v}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="document-target-id">{t(`document.targetId.${target}`)}</label>
        <input id="document-target-id" type="text" value={targetId} maxLength={200} onInput={(e) => setTargetId(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="document-title">{t('document.name')}</label>
        <input id="document-title" type="text" value={title} maxLength={300} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="document-url">{t('document.url')}</label>
        <input id="document-url" type="url" inputMode="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="document-kind">{t('document.kind')}</label>
        <select id="document-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as DocumentKind)}>
          {DOCUMENT_KINDS.map((v) => (
            <option key={v} value={v}>
              {t(`document.kind.${v}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="document-date">{t('document.date')}</label>
        <input id="document-date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
      </div>
      {message && (
        <p class={message.ok ? 'notice' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
          {t(message.key)}
        </p>
      )}
      <button type="submit" class="primary" data-testid="attach-document" disabled={busy}>
        {t('document.attach')}
      </button>
    </form>
  );
}
