/**
 * A confirmation in a native modal dialog: the page behind is inert, the safe choice (cancel) takes
 * the focus, Escape cancels except while the action runs. Mount it while confirming; `onClose`
 * hears cancel and Escape, and returns the focus where the caller wants it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { MessageKey } from '../i18n/catalogues.ts';
import { useT } from '../i18n/language.ts';

export interface ConfirmDialogProps {
  /** Prefix of the element ids and test ids: `<id>-dialog`, `<id>-cancel`, `<id>-confirm`. */
  id: string;
  title: string;
  text: string;
  confirmLabel: string;
  busy: boolean;
  error: MessageKey | null;
  onConfirm: () => void;
  onClose: () => void;
  children?: ComponentChildren;
}

export function ConfirmDialog({ id, title, text, confirmLabel, busy, error, onConfirm, onClose, children }: ConfirmDialogProps) {
  const t = useT();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      class="dialog"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      data-testid={`${id}-dialog`}
      onCancel={(e) => {
        // Half an action cannot be called off: Escape waits until it is done.
        if (busy) e.preventDefault();
      }}
      onClose={() => {
        if (!busy) onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-text`}>{text}</p>
      {children}
      {error && (
        <p role="alert" class="field-error">
          {t(error)}
        </p>
      )}
      <div class="button-row">
        <button ref={cancelRef} type="button" class="secondary" disabled={busy} onClick={() => dialogRef.current?.close()} data-testid={`${id}-cancel`}>
          {t('common.cancel')}
        </button>
        <button type="button" class="danger" disabled={busy} onClick={onConfirm} data-testid={`${id}-confirm`}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
