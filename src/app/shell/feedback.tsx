/**
 * Feedback to the user: a polite live region for screen readers (announce) and a visible toast,
 * optionally with one action such as "Undo", that disappears after a few seconds.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';

export interface ToastOptions {
  text: string;
  action?: { label: string; run: () => void };
  /** How long the toast stays; an action gets enough time to reach it (a few seconds). */
  durationMs?: number;
}

interface Feedback {
  announce: (text: string) => void;
  toast: (options: ToastOptions) => void;
}

const noop: Feedback = { announce: () => undefined, toast: () => undefined };
const FeedbackContext = createContext<Feedback>(noop);

export const useFeedback = (): Feedback => useContext(FeedbackContext);

export function FeedbackProvider({ children }: { children: ComponentChildren }) {
  const [message, setMessage] = useState('');
  const [toast, setToast] = useState<(ToastOptions & { serial: number }) | null>(null);
  const serial = useRef(0);

  const announce = useCallback((text: string) => {
    // Clearing first makes screen readers repeat an identical message.
    setMessage('');
    queueMicrotask(() => setMessage(text));
  }, []);

  const showToast = useCallback(
    (options: ToastOptions) => {
      serial.current += 1;
      setToast({ ...options, serial: serial.current });
      announce(options.action ? `${options.text} ${options.action.label}` : options.text);
    },
    [announce],
  );

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), toast.durationMs ?? (toast.action ? 6000 : 3000));
    return () => clearTimeout(timer);
  }, [toast]);

  const value = useMemo(() => ({ announce, toast: showToast }), [announce, showToast]);

  return (
    <FeedbackContext.Provider value={value}>
      {children}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {message}
      </div>
      {toast && (
        <div class="toast" key={toast.serial} data-testid="toast">
          <span>{toast.text}</span>
          {toast.action && (
            <button
              type="button"
              class="toast-action"
              data-testid="toast-action"
              onClick={() => {
                setToast(null);
                toast.action?.run();
              }}
            >
              {toast.action.label}
            </button>
          )}
        </div>
      )}
    </FeedbackContext.Provider>
  );
}
