/**
 * The Moderation view (with a moderator token in the settings): the queue of pending observations,
 * oldest first, each with its details, photos, sending device's pseudonym and the published devices
 * within 30 m as duplicate candidates; the devices walkers reported gone. Select one or several,
 * then confirm, reject with a reason, merge into a candidate, mark removed, or block the sending
 * device. Decisions are queued on the device (store `actions`) and sent by the sync, so they work
 * offline; one another moderator made first is reported here (theirs stands).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import { REJECTION_REASONS, type RejectionReason } from '../../core/publication.ts';
import { KIND_META } from '../../core/taxonomy.ts';
import type { Decision, DecisionResult, QueuePage } from '../../core/wire.ts';
import { listActions, queueAction } from '../../store/actions.ts';
import { deleteMeta, getMeta, setMeta } from '../../store/meta.ts';
import type { ApiClient } from '../../sync/api-client.ts';
import { SyncError } from '../../sync/errors.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import type { MessageKey } from '../i18n/catalogues.ts';
import { formatNumber } from '../i18n/format.ts';
import { errorMessage, useLanguage, useT } from '../i18n/language.ts';
import { useDb } from '../shell/db-context.ts';
import { ViewTitle } from '../shell/view-title.tsx';
import { onStoreChange } from '../shell/use-store-reading.ts';
import { syncControllerFor } from '../sync/use-sync.ts';
import { useCollectiveMap } from '../sync/use-collective-map.ts';
import { AttachDocument } from './attach-document.tsx';
import { ModerationMap } from './moderation-map.tsx';
import { useModeratorToken } from './use-moderator-token.ts';
import { KindIcon } from '../icons/icon.tsx';

type QueueItem = QueuePage['items'][number];
interface GoneItem {
  id: string;
  reports: number;
  lastReport: string;
  observation: unknown;
}

/** Items drawn at once: the queue is worked through a page at a time (a decision brings the next). */
const QUEUE_PAGE = 50;

const asObservation = (o: unknown) => o as Observation;

function Facts({ obs }: { obs: Observation }) {
  const t = useT();
  const lang = useLanguage();
  const meta = KIND_META[obs.kind];
  const fields = meta.fields.filter((f) => obs.details[f] !== undefined);
  return (
    <div class="moderation-facts">
      <p>
        <span class="kind-badge" style={{ background: meta.color }} aria-hidden="true">
          <KindIcon kind={obs.kind} />
        </span>{' '}
        <strong>{t(`kind.${obs.kind}`)}</strong> · {obs.observedAt.slice(0, 10)} ·{' '}
        {formatNumber(obs.position.lat, lang, { maximumFractionDigits: 6 })}, {formatNumber(obs.position.lon, lang, { maximumFractionDigits: 6 })}
      </p>
      {fields.length > 0 && (
        <p class="hint">
          {fields.map((f) => `${t(`field.${f}`)}: ${String(obs.details[f])}`).join(' · ')}
        </p>
      )}
      {obs.notes && <p class="notes">{obs.notes}</p>}
    </div>
  );
}

/** A photo that is not public yet: fetched with the moderator token, shown from a blob: URL. */
function ModerationPhoto({ client, token, hash, alt }: { client: ApiClient; token: string; hash: string; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    client.photo(token, hash).then(
      (blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [client, token, hash]);
  return url ? <img src={url} alt={alt} /> : null;
}

function Photos({ hashes, client, token }: { hashes: readonly string[]; client: ApiClient | null; token: string }) {
  const t = useT();
  if (!client || hashes.length === 0) return null;
  return (
    <ul class="photos moderation-photos">
      {hashes.map((h, i) => (
        <li key={h}>
          <ModerationPhoto client={client} token={token} hash={h} alt={t('log.photoAlt', { n: i + 1 })} />
        </li>
      ))}
    </ul>
  );
}

export function ModerationView() {
  const t = useT();
  const lang = useLanguage();
  const db = useDb();
  const token = useModeratorToken(db);
  const controller = syncControllerFor(db);
  const [client, setClient] = useState<ApiClient | null>(null);
  const [queue, setQueue] = useState<QueuePage | null>(null);
  const [gone, setGone] = useState<GoneItem[]>([]);
  const [queued, setQueued] = useState<ReadonlySet<string>>(new Set());
  const [told, setTold] = useState<DecisionResult[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [mergeInto, setMergeInto] = useState<Record<string, string>>({});
  const [reason, setReason] = useState<RejectionReason>('not_surveillance');
  const [error, setError] = useState<MessageKey | null>(null);
  const [offline, setOffline] = useState(false);
  const [blocking, setBlocking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusId, setFocusId] = useState<string | null>(null);
  const collective = useCollectiveMap(db);
  const shared = useMemo(() => collective?.devices.filter((d) => !d.own) ?? [], [collective]);

  useEffect(() => {
    void controller.apiClient().then(setClient, () => undefined);
  }, [controller]);

  // Queued decisions hide their item at once; what others decided first is read from meta.
  useEffect(() => {
    let live = true;
    const load = () => {
      void listActions(db).then((actions) => {
        if (!live) return;
        setQueued(new Set(actions.flatMap((a) => (a.type === 'decision' ? [a.decision.id] : []))));
      });
      void getMeta(db, 'decidedFirst').then((r) => live && setTold(r ?? []));
    };
    load();
    const stop = onStoreChange(['actions', 'meta'], load);
    return () => {
      live = false;
      stop();
    };
  }, [db]);

  const refresh = async () => {
    if (!client || !token) return;
    try {
      const page = await client.moderationQueue(token, 0, QUEUE_PAGE);
      setQueue(page);
      setOffline(false);
      setError(null);
      await setMeta(db, 'moderationQueue', page);
      setGone(await client.goneReports(token));
    } catch (e) {
      const cached = await getMeta(db, 'moderationQueue');
      if (cached) setQueue(cached);
      if (e instanceof SyncError && e.key === 'syncError.network') setOffline(true);
      else setError(errorMessage(e, 'syncError.network'));
    }
  };

  useEffect(() => {
    void refresh();
    // Refreshed after every sync run: queued decisions have then reached the server.
    let wasRunning = false;
    return controller.subscribe((status) => {
      if (wasRunning && !status.running) void refresh();
      wasRunning = status.running;
    });
    // refresh reads client and token
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, token, controller]);

  const items = useMemo(() => (queue?.items ?? []).filter((i) => !queued.has(i.id)), [queue, queued]);
  const goneItems = gone.filter((g) => !queued.has(g.id));
  const focused = items.find((i) => i.id === focusId) ?? items[0] ?? null;

  if (!token) {
    return (
      <section class="moderation-view">
        <ViewTitle>{t('moderation.title')}</ViewTitle>
        <p>{t('moderation.tokenHint')}</p>
      </section>
    );
  }

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  const decide = async (decisions: Decision[]) => {
    if (decisions.length === 0) {
      setError('moderation.selectFirst');
      return;
    }
    setError(null);
    try {
      for (const decision of decisions) await queueAction(db, { type: 'decision', decision });
      setSelected(new Set());
      void controller.syncNow();
    } catch (e) {
      setError(errorMessage(e, 'store.failed'));
    }
  };
  const chosen = [...selected];
  const confirm = () => void decide(chosen.map((id) => ({ decision: 'publish', id })));
  const reject = () => void decide(chosen.map((id) => ({ decision: 'reject', id, reason })));
  const merge = () => {
    const decisions: Decision[] = [];
    for (const id of chosen) {
      const item = items.find((i) => i.id === id);
      const into = mergeInto[id] ?? item?.candidates[0]?.id;
      if (into) decisions.push({ decision: 'merge', id, into });
    }
    if (chosen.length && !decisions.length) setError('moderation.noCandidate');
    else void decide(decisions);
  };
  const markRemoved = () => void decide(chosen.map((id) => ({ decision: 'remove', id })));

  const block = async () => {
    if (!client || !blocking) return;
    setBusy(true);
    try {
      await client.blockDevice(token, blocking);
      setBlocking(null);
      setSelected(new Set());
      await refresh();
    } catch (e) {
      setError(errorMessage(e, 'syncError.network'));
      setBlocking(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="moderation-view" data-testid="moderation-view">
      <ViewTitle>{t('moderation.title')}</ViewTitle>
      {offline && <p class="notice">{t('moderation.offline')}</p>}
      {error && (
        <p class="field-error" role="alert">
          {t(error)}
        </p>
      )}
      {told.length > 0 && (
        <div class="notice" role="status" data-testid="moderation-decided-first">
          <ul>
            {told.map((r) => (
              <li key={`${r.id}-${r.status}`}>
                {r.status === 'decided' && t('moderation.decidedFirst', { by: r.by, state: t(`publication.${r.state}`), day: r.on })}
              </li>
            ))}
          </ul>
          <button type="button" class="secondary" onClick={() => void deleteMeta(db, 'decidedFirst')}>
            {t('common.close')}
          </button>
        </div>
      )}
      {queue && <p class="list-count">{t('moderation.count', { n: formatNumber(items.length, lang) })}</p>}
      {queue && items.length === 0 && (
        <p class="empty" data-testid="moderation-empty">
          {t('moderation.empty')}
        </p>
      )}
      <ModerationMap item={focused} shared={shared} queued={queued} onDecide={decide} />
      <ul class="moderation-list">
        {items.map((item: QueueItem) => {
          const obs = asObservation(item.observation);
          return (
            <li key={item.id} class="moderation-item" data-testid="moderation-item" data-id={item.id} data-kind={obs.kind}>
              <label class="moderation-select">
                <input type="checkbox" data-testid="moderate-select" checked={selected.has(item.id)} onChange={() => toggle(item.id)} />
                <span>{t('moderation.select', { device: item.device, day: item.receivedOn })}</span>
              </label>
              {item.edited && <p class="hint">{t('moderation.edited')}</p>}
              <Facts obs={obs} />
              <button
                type="button"
                class="secondary"
                data-testid="moderation-show-on-map"
                aria-pressed={focused?.id === item.id}
                onClick={() => setFocusId(item.id)}
              >
                {t('moderation.showOnMap')}
              </button>
              <Photos hashes={obs.photos} client={client} token={token} />
              {item.supersedes && (
                <p class="notice" data-testid="moderation-supersedes" data-id={item.supersedes.id}>
                  {t('moderation.supersedes', {
                    kind: t(`kind.${asObservation(item.supersedes.observation).kind}`),
                    distance: formatNumber(Math.round(item.supersedes.distance), lang),
                    state: t(`publication.${item.supersedes.state}`),
                    confirmations: formatNumber(item.supersedes.confirmations, lang),
                  })}
                </p>
              )}
              {item.candidates.length > 0 && (
                <fieldset class="candidates">
                  <legend>{t('moderation.candidates')}</legend>
                  {item.candidates.map((c, i) => (
                    <label key={c.id} class="candidate">
                      <input
                        type="radio"
                        name={`merge-${item.id}`}
                        data-testid="merge-candidate"
                        data-id={c.id}
                        checked={(mergeInto[item.id] ?? item.candidates[0]?.id) === c.id}
                        onChange={() => setMergeInto({ ...mergeInto, [item.id]: c.id })}
                      />
                      <span>
                        {t('moderation.candidate', {
                          n: i + 1,
                          kind: t(`kind.${asObservation(c.observation).kind}`),
                          distance: formatNumber(Math.round(c.distance), lang),
                          confirmations: formatNumber(c.confirmations, lang),
                        })}
                      </span>
                    </label>
                  ))}
                </fieldset>
              )}
            </li>
          );
        })}
      </ul>

      {goneItems.length > 0 && (
        <section aria-labelledby="gone-heading">
          <h2 id="gone-heading">{t('moderation.gone')}</h2>
          <ul class="moderation-list">
            {goneItems.map((g) => (
              <li key={g.id} class="moderation-item" data-testid="gone-item" data-id={g.id}>
                <label class="moderation-select">
                  <input type="checkbox" data-testid="moderate-select" checked={selected.has(g.id)} onChange={() => toggle(g.id)} />
                  <span>{t('moderation.goneReports', { n: formatNumber(g.reports, lang), day: g.lastReport })}</span>
                </label>
                <Facts obs={asObservation(g.observation)} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <div class="moderation-actions" role="toolbar" aria-label={t('moderation.actions')}>
        <button type="button" class="primary" data-testid="moderate-confirm" onClick={confirm}>
          {t('moderation.confirm')}
        </button>
        <div class="field reject-field">
          <label for="reject-reason">{t('moderation.reason')}</label>
          <select id="reject-reason" data-testid="reject-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value as RejectionReason)}>
            {REJECTION_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`reason.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="danger" data-testid="moderate-reject" onClick={reject}>
          {t('moderation.reject')}
        </button>
        <button type="button" class="secondary" data-testid="moderate-merge" onClick={merge}>
          {t('moderation.merge')}
        </button>
        <button type="button" class="secondary" data-testid="moderate-removed" onClick={markRemoved}>
          {t('moderation.removed')}
        </button>
        <button
          type="button"
          class="danger"
          data-testid="moderate-block-device"
          onClick={() => (chosen[0] ? setBlocking(chosen[0]) : setError('moderation.selectFirst'))}
        >
          {t('moderation.block')}
        </button>
      </div>
      {blocking && (
        <ConfirmDialog
          id="block"
          title={t('moderation.blockTitle')}
          text={t('moderation.blockText')}
          confirmLabel={t('moderation.block')}
          busy={busy}
          error={null}
          onConfirm={() => void block()}
          onClose={() => setBlocking(null)}
        />
      )}
      <AttachDocument client={client} token={token} />
    </section>
  );
}
