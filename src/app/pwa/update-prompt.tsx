import { useEffect, useState } from 'preact/hooks';
import { afterFirstScreen } from '../shell/first-screen.ts';
import { applyUpdate, dismissSwState, onSwState, registerServiceWorker, swState, type SwState } from './register-sw.ts';

export interface UpdatePromptLabels {
  /** "A new version is ready." */
  updateAvailable: string;
  /** "Reload" — activates the new version. */
  reload: string;
  /** "Ready to work offline." */
  offlineReady: string;
  /** "Close" */
  dismiss: string;
}

/**
 * Registers the service worker once the first screen is drawn (first-screen.ts) and shows a small
 * banner when the app becomes usable offline or when a new version waits. The new version takes
 * over only when the user says so, so a half-filled form is never lost to a surprise reload.
 */
export function UpdatePrompt({ labels }: { labels: UpdatePromptLabels }) {
  const [state, setState] = useState<SwState>(swState());
  useEffect(() => {
    const off = onSwState(setState);
    // Registering costs the main thread a few milliseconds the first rows need more.
    void afterFirstScreen().then(registerServiceWorker);
    return off;
  }, []);
  if (state === 'idle') return null;
  const waiting = state === 'update-waiting';
  return (
    <div class="update-prompt" role="status" aria-live="polite" data-testid="update-prompt">
      <span>{waiting ? labels.updateAvailable : labels.offlineReady}</span>
      {waiting && (
        <button type="button" onClick={applyUpdate} data-testid="update-reload">
          {labels.reload}
        </button>
      )}
      <button type="button" onClick={dismissSwState}>
        {labels.dismiss}
      </button>
    </div>
  );
}
