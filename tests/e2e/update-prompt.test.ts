/**
 * The update flow: a new service worker waits (no surprise takeover), the prompt offers it, and
 * only the user's click activates it and reloads the page.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, pollInPage, tid, useApp, waitForController } from './harness.ts';

const app = useApp();

describe('update prompt', () => {
  it('lets a new version wait until the user accepts it, then reloads under it', { timeout: 240_000 }, async () => {
    const { page } = app;
    await page.goto('/');
    await waitForController(page);
    await page.locator(tid('log-button')).waitFor();

    // A new build: any byte change of sw.js is a new version for the browser.
    appendFileSync(join(app.distDir, 'sw.js'), `\n// next version ${Date.now()}\n`);
    await evaluate(page, () => navigator.serviceWorker.getRegistration().then((r) => r?.update()), undefined, 30_000);

    const prompt = page.locator(tid('update-prompt'));
    await page.locator(tid('update-reload')).waitFor();
    await pollInPage(page, () => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state === 'installed'), 'a waiting SW');
    // Still the old one in charge: the page has not been reloaded behind the walker's back.
    await evaluate(page, () => {
      (window as { __beforeUpdate?: boolean }).__beforeUpdate = true;
    }, undefined);

    await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.locator(tid('update-reload')).click()]);
    await page.locator(tid('log-button')).waitFor();
    expect(await evaluate(page, () => (window as { __beforeUpdate?: boolean }).__beforeUpdate ?? false, undefined)).toBe(false);
    const state = await evaluate(
      page,
      () =>
        navigator.serviceWorker.getRegistration().then((r) => ({
          waiting: r?.waiting ?? null,
          active: r?.active?.state ?? null,
          controlled: navigator.serviceWorker.controller !== null,
        })),
      undefined,
    );
    expect(state).toEqual({ waiting: null, active: 'activated', controlled: true });
    expect(await prompt.count()).toBe(0);
  });
});
