/**
 * The form's draft: how form values become a stored draft and back, and when the draft is written.
 * It is written a moment after each change and at once when the app goes to the background, and no
 * longer once the form is finished (saved, or the same device confirmed, or thrown away). No markup
 * here: the writer is a plain object tested without a DOM, the hook only wires it to the page's life.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Observation } from '../../core/observation.ts';
import type { Kind } from '../../core/taxonomy.ts';
import { clearDraft, saveDraft, type Draft } from '../../store/drafts.ts';
import type { ContrechampDb } from '../../store/db.ts';
import { detailsToInputs, draftDetails, type FormValues } from './form-model.ts';

/** Long enough not to write on every key press, short enough that a killed app loses a word at most. */
export const DRAFT_DELAY_MS = 600;

/** The draft of `values`; an edit's draft names the version it started from, so it is only offered back on that one. */
export function draftFromForm(values: FormValues, previous?: Pick<Observation, 'id' | 'version'>): Draft {
  return {
    ...(previous ? { id: previous.id, version: previous.version } : {}),
    kind: values.kind,
    ...(values.position ? { position: values.position } : {}),
    details: draftDetails(values),
    certainty: values.certainty,
    notes: values.notes,
    photos: values.photos,
  };
}

/** The form a draft restores, for `kind` (a draft may lack any field: it was unfinished). */
export function formFromDraft(draft: Draft, kind: Kind): FormValues {
  return {
    kind,
    position: draft.position ?? null,
    details: detailsToInputs(draft.details ?? {}),
    certainty: draft.certainty ?? 'seen',
    notes: draft.notes ?? '',
    photos: draft.photos ?? [],
  };
}

export interface DraftWriter {
  /** The form changed: write it after the delay (a further change restarts the delay). */
  changed(): void;
  /** Write now if anything is unwritten (the app is going to the background, the form closes). */
  flush(): void;
  /** The form is being saved or left: nothing more is written, pending or not. */
  finish(): void;
  /** The save failed: the form is open again and later changes are written. */
  reopen(): void;
}

/**
 * A writer calling `write` (which reads the form as it is at that moment) at most once per quiet
 * `delayMs` milliseconds of changes. A failed write is passed to `onError`; the next change retries.
 */
export function createDraftWriter(write: () => Promise<void>, onError: (e: unknown) => void, delayMs = DRAFT_DELAY_MS): DraftWriter {
  let dirty = false;
  let finished = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    if (!dirty || finished) return;
    dirty = false;
    write().catch(onError);
  };
  return {
    changed() {
      if (finished) return;
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(flush, delayMs);
    },
    flush,
    finish() {
      clearTimeout(timer);
      finished = true;
    },
    reopen() {
      finished = false;
    },
  };
}

export interface FormDraft extends Omit<DraftWriter, 'flush'> {
  /** Finishes the form and deletes its draft; rejects when the store could not delete it. */
  discard(): Promise<void>;
}

/**
 * The draft under `draftKey` (null: no draft, every call does nothing) kept up to date with
 * `current()`, the form as of the last change. Written when the page is hidden or left and when
 * the form unmounts.
 */
export function useFormDraft(db: ContrechampDb, draftKey: string | null, previous: Observation | undefined, current: () => FormValues): FormDraft {
  const source = useRef({ db, previous, current });
  source.current = { db, previous, current };
  const writer = useMemo(() => {
    if (!draftKey) return null;
    return createDraftWriter(
      () => saveDraft(source.current.db, draftFromForm(source.current.current(), source.current.previous), draftKey),
      (e) => console.warn('draft not saved', e),
    );
  }, [draftKey]);

  useEffect(() => {
    if (!writer) return;
    const onHide = () => {
      if (document.visibilityState === 'hidden') writer.flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', writer.flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', writer.flush);
      writer.flush();
    };
  }, [writer]);

  return useMemo(
    () => ({
      changed: () => writer?.changed(),
      finish: () => writer?.finish(),
      reopen: () => writer?.reopen(),
      discard: async () => {
        if (!writer || !draftKey) return;
        writer.finish();
        await clearDraft(source.current.db, draftKey);
      },
    }),
    [writer, draftKey],
  );
}
