/**
 * "Wipe this device" leaves no trace of the origin behind. A walker logs one
 * observation (with the service worker, its caches and a private file in OPFS in place), wipes the
 * device from settings, and then there is no IndexedDB database, no cache, no service worker
 * registration and no OPFS entry; after a reload the list is empty.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { evaluate, tid, useApp, waitForController } from './harness.ts';

const app = useApp();

interface Traces {
  databases: string[];
  caches: string[];
  registrations: string[];
  files: string[];
}

/** Everything the origin keeps that the wipe must remove. */
function traces(page: Page): Promise<Traces> {
  return evaluate(
    page,
    async () => {
      const root = await navigator.storage.getDirectory();
      const files: string[] = [];
      for await (const name of (root as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> }).keys()) files.push(name);
      return {
        databases: (await indexedDB.databases()).map((d) => d.name ?? '?'),
        caches: await caches.keys(),
        registrations: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
        files,
      };
    },
    undefined,
    10_000,
    'reading the traces of the origin',
  );
}

describe('wipe this device', () => {
  it('deletes every database, cache, service worker registration and private file; the list is empty after a reload', { timeout: 180_000 }, async () => {
    const { page } = app;
    await page.goto('/?test=1');
    await waitForController(page);

    // --- one observation, through the UI
    await page.locator(tid('log-button')).click();
    await page.locator(tid('kind-camera')).click();
    await page.locator(tid('observation-form')).waitFor();
    await expect.poll(() => page.locator(tid('position-status')).textContent(), { timeout: 10_000 }).toMatch(/\d/);
    await page.locator(tid('notes-input')).fill('à effacer');
    await page.locator(tid('save-observation')).click();
    await page.locator(tid('observation-item')).first().waitFor();
    expect(await page.locator(tid('observation-item')).count()).toBe(1);

    // --- a private file, like an offline basemap or an export in progress
    await evaluate(
      page,
      async () => {
        const root = await navigator.storage.getDirectory();
        const dir = await root.getDirectoryHandle('wipe-test', { create: true });
        const file = await dir.getFileHandle('basemap.pmtiles', { create: true });
        const writable = await file.createWritable();
        await writable.write('not really tiles');
        await writable.close();
      },
      undefined,
    );

    // The test could fail: every kind of trace is there before the wipe.
    const before = await traces(page);
    expect(before.databases).toContain('contrechamp');
    expect(before.caches.length).toBeGreaterThan(0);
    expect(before.registrations.length).toBeGreaterThan(0);
    expect(before.files).toContain('wipe-test');

    // --- wipe
    await page.locator(tid('nav-settings')).click();
    await page.locator(tid('wipe-device')).click();
    await page.locator(tid('wipe-confirm')).click();
    // The basemap's database used to block the deletion here, with the dialog stuck on "Wiping…".
    await page.locator(tid('wiped-notice')).waitFor();

    // Nothing left, and nothing recreated while the app stays open.
    await expect.poll(() => traces(page), { timeout: 10_000 }).toEqual({ databases: [], caches: [], registrations: [], files: [] });

    // --- after a reload the app starts blank
    await page.locator(tid('wiped-restart')).click();
    await page.locator(tid('observation-list')).waitFor({ state: 'attached' });
    await page.locator(tid('log-button')).waitFor();
    expect(await page.locator(tid('observation-item')).count()).toBe(0);
    await page.reload();
    await page.locator(tid('observation-list')).waitFor({ state: 'attached' });
    await page.locator(tid('log-button')).waitFor();
    expect(await page.locator(tid('observation-item')).count()).toBe(0);
  });

  it('asks in a native modal dialog: the safe choice has the focus, Escape and Cancel close it and give the focus back', async () => {
    const { page } = app;
    await page.goto('/#/settings');
    const opener = page.locator(tid('wipe-device'));
    const dialog = page.locator(tid('wipe-dialog'));
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

    await opener.click();
    await dialog.waitFor();
    expect(await dialog.evaluate((el) => el.tagName === 'DIALOG' && el.matches(':modal'))).toBe(true);
    expect(await focused()).toBe('wipe-cancel');
    // The page behind is inert: the focus cannot leave the dialog for the navigation.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('wipe-confirm');
    await page.locator(tid('nav-list')).evaluate((el: HTMLElement) => el.focus());
    expect(await focused()).toBe('wipe-confirm');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused()).toBe('wipe-device');

    await opener.click();
    await page.locator(tid('wipe-cancel')).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await focused()).toBe('wipe-device');
    // Nothing was wiped.
    expect(await evaluate(page, async () => (await indexedDB.databases()).map((d) => d.name), undefined)).toContain('contrechamp');
  });
});
