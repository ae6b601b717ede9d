/**
 * The three steps of logging as routes: the kind picker (which also offers the draft back), the
 * form for a new observation, and the form for a new version of a stored one.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import { KINDS, KIND_META, isEventKind, type Kind } from '../../core/taxonomy.ts';
import { clearDraft, FORM_DRAFT, loadDraft, type Draft } from '../../store/drafts.ts';
import { getObservation } from '../../store/observations.ts';
import { prunePhotos, type PhotoRecord } from '../../store/photos.ts';
import { errorMessage, useT } from '../i18n/language.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { useDb } from '../shell/db-context.ts';
import { navigate } from '../shell/routes.ts';
import { ViewTitle } from '../shell/view-title.tsx';
import { emptyForm, formFromObservation, isoToLocalInput, type FormValues } from './form-model.ts';
import { formFromDraft } from './form-draft.ts';
import { ObservationForm } from './observation-form.tsx';
import { KindIcon } from '../icons/icon.tsx';

/**
 * How the form was reached: from a kind button (start afresh) or from "resume". Any other way in
 * (a reload on the form's URL) restores the draft, since that is the walker coming back to it.
 */
let entry: 'fresh' | 'resume' | null = null;

/** `supersedes`: "it changed", the device the new observation takes the place of (kept through the picker). */
export function KindPicker({ supersedes }: { supersedes?: string }) {
  const t = useT();
  const db = useDb();
  const [draft, setDraft] = useState<Draft | null>(null);

  useEffect(() => {
    let live = true;
    loadDraft(db).then(
      (d) => live && setDraft(d?.kind ? d : null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [db]);

  const discard = async () => {
    setDraft(null);
    await clearDraft(db);
    // The draft's photos are now named by nothing: free their space.
    await prunePhotos(db).catch(() => undefined);
  };

  return (
    <section class="kind-picker" data-testid="kind-picker">
      <ViewTitle>{t('log.pickKind')}</ViewTitle>
      {supersedes && <SupersedesNotice />}
      {!supersedes && draft?.kind && (
        <div class="draft-offer" role="region" aria-label={t('draft.resume')} data-testid="draft-offer">
          <p>{t('draft.found', { kind: t(`kind.${draft.kind}`) })}</p>
          <div class="button-row">
            <button
              type="button"
              class="primary"
              data-testid="draft-resume"
              onClick={() => {
                entry = 'resume';
                navigate({ view: 'new', kind: draft.kind as Kind });
              }}
            >
              {t('draft.resume')}
            </button>
            <button type="button" class="secondary" data-testid="draft-discard" onClick={() => void discard()}>
              {t('draft.discard')}
            </button>
          </div>
        </div>
      )}
      <ul class="kind-grid">
        {KINDS.map((kind) => (
          <li key={kind}>
            <button
              type="button"
              class="kind-button"
              data-testid={`kind-${kind}`}
              style={{ '--kind-color': KIND_META[kind].color }}
              onClick={() => {
                entry = 'fresh';
                navigate({ view: 'new', kind, ...(supersedes ? { supersedes } : {}) }, { replace: true });
              }}
            >
              <span class="kind-icon" aria-hidden="true">
                <KindIcon kind={kind} />
              </span>
              <span class="kind-name">{t(`kind.${kind}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function freshForm(kind: Kind): FormValues {
  const values = emptyForm(kind);
  // Events are logged as they happen: the start defaults to now.
  if (isEventKind(kind)) values.details.start = isoToLocalInput(new Date().toISOString());
  return values;
}

/** "It changed": what the walker is logging takes the place of a device they were asked about. */
function SupersedesNotice() {
  const t = useT();
  return (
    <p class="notice" data-testid="supersedes-notice">
      {t('log.supersedes')}
    </p>
  );
}

export function NewObservationView({ kind, supersedes, reencode }: { kind: Kind; supersedes?: string; reencode?: (file: Blob) => Promise<PhotoRecord> }) {
  const db = useDb();
  const [initial, setInitial] = useState<FormValues | null>(null);

  useEffect(() => {
    const how = entry;
    entry = null;
    if (how === 'fresh' || supersedes) {
      setInitial(supersedes ? { ...freshForm(kind), supersedes } : freshForm(kind));
      return;
    }
    let live = true;
    loadDraft(db).then(
      (d) => live && setInitial(d?.kind === kind ? formFromDraft(d, kind) : freshForm(kind)),
      () => live && setInitial(freshForm(kind)),
    );
    return () => {
      live = false;
    };
  }, [db, kind, supersedes]);

  if (!initial) return null;
  return (
    <>
    {supersedes && <SupersedesNotice />}
    <ObservationForm
      key={kind}
      initial={initial}
      draftKey={FORM_DRAFT}
      onSaved={() => navigate({ view: 'list' }, { replace: true })}
      onDuplicate={() => navigate({ view: 'list' }, { replace: true })}
      onCancel={() => history.back()}
      onChangeKind={() => navigate({ view: 'pick', ...(supersedes ? { supersedes } : {}) }, { replace: true })}
      {...(reencode ? { reencode } : {})}
    />
    </>
  );
}

/** The draft of an edit in progress is kept apart from the new-observation draft. */
export const editDraftKey = (id: string): string => `edit:${id}`;

type EditState = { obs: Observation; draft: Draft | null } | { error: MessageKey };

export function EditObservationView({ id, reencode }: { id: string; reencode?: (file: Blob) => Promise<PhotoRecord> }) {
  const t = useT();
  const db = useDb();
  const [state, setState] = useState<EditState | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([getObservation(db, id), loadDraft(db, editDraftKey(id)).catch(() => undefined)]).then(
      ([obs, draft]) => {
        if (!live) return;
        if (!obs || obs.deleted) setState({ error: 'store.notFound' });
        // A draft made from an older version would undo what was saved since: not offered.
        else setState({ obs, draft: draft && draft.version === obs.version && draft.kind ? draft : null });
      },
      (e: unknown) => live && setState({ error: errorMessage(e, 'store.failed') }),
    );
    return () => {
      live = false;
    };
  }, [db, id]);

  if (!state) return null;
  if ('error' in state) {
    return (
      <section>
        <ViewTitle>{t('detail.title')}</ViewTitle>
        <p role="alert">{t(state.error)}</p>
      </section>
    );
  }
  const { obs, draft } = state;
  const discard = () => {
    setState({ obs, draft: null });
    void clearDraft(db, editDraftKey(id));
  };
  return (
    <>
      {draft && (
        <div class="draft-offer" data-testid="edit-draft-notice">
          <p>{t('draft.restoredEdit')}</p>
          <button type="button" class="secondary" onClick={discard} data-testid="edit-draft-discard">
            {t('draft.discardChanges')}
          </button>
        </div>
      )}
      <ObservationForm
        key={`${id}:${obs.version}:${draft ? 'draft' : 'stored'}`}
        initial={draft ? formFromDraft(draft, draft.kind ?? obs.kind) : formFromObservation(obs)}
        previous={obs}
        draftKey={editDraftKey(id)}
        discardDraftOnCancel
        onSaved={(saved) => navigate({ view: 'detail', id: saved.id }, { replace: true })}
        onCancel={() => history.back()}
        {...(reencode ? { reencode } : {})}
      />
    </>
  );
}
