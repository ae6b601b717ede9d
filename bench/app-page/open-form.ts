/**
 * Opening the log form the way the form benchmarks do (bench/run.ts, bench/form-profile.ts): from
 * the kind's route, waiting for a position fix, notes typed. With `mapDrawn`, it then also waits
 * until the form's position map has drawn its first frames and is idle, as it is by the time a
 * walker who took a few seconds to fill the form taps Save.
 */
import type { Page } from 'playwright-core';
import { evaluate, tid } from '../../tests/e2e/harness.ts';

export async function openForm(page: Page, notes: string, mapDrawn: boolean): Promise<void> {
  await page.evaluate(() => (location.hash = '#/log/camera'));
  await page.locator(tid('observation-form')).waitFor();
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="position-status"]')?.textContent ?? ''));
  await page.locator(tid('notes-input')).fill(notes);
  if (!mapDrawn) return;
  await evaluate(
    page,
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { __map?: { loaded(): boolean; isMoving(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void } }).__map;
        if (!map) return resolve();
        // 'idle': no camera move, every tile loaded, no fade running; a repaint makes it fire even if already idle.
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
    undefined,
    30_000,
    'form map idle',
  );
}
