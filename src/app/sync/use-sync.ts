/**
 * The one sync controller of this page, started the first time a view asks for it (its triggers
 * live as long as the page), and a hook that follows its status.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ContrechampDb } from '../../store/db.ts';
import { SyncController, type ControllerOptions, type SyncStatus } from '../../sync/controller.ts';
import { afterFirstScreen } from '../shell/first-screen.ts';
import { whenIdleAfterPaint } from '../shell/after-paint.ts';

const controllers = new WeakMap<ContrechampDb, SyncController>();

// UI tests render the app without a server: there the controller is built but not started unless
// a test asks for it.
let settings: ControllerOptions & { start: boolean } = { start: import.meta.env.MODE !== 'test' };

/** For tests: options of the controllers made from now on (fetch, environment, start or not). */
export function configureSyncControllers(next: ControllerOptions & { start: boolean }): void {
  settings = next;
}

/**
 * The controller for this database, started on first use (app start is a sync trigger) once the
 * first screen is drawn: its first reads would otherwise delay the first rows by a second or more.
 */
export function syncControllerFor(db: ContrechampDb): SyncController {
  let controller = controllers.get(db);
  if (!controller) {
    const { start, ...options } = settings;
    controller = new SyncController(db, { ...options, env: { later: (run) => void whenIdleAfterPaint(run), ...options.env } });
    controllers.set(db, controller);
    const made = controller;
    if (start) void afterFirstScreen().then(() => made.start());
    else void controller.refresh();
  }
  return controller;
}

export function useSync(db: ContrechampDb): { status: SyncStatus; controller: SyncController } {
  const controller = syncControllerFor(db);
  const [status, setStatus] = useState<SyncStatus>(controller.status());
  useEffect(() => controller.subscribe(setStatus), [controller]);
  return { status, controller };
}
