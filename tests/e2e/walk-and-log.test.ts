/**
 * Walking and logging end to end, through the UI's test hooks only: a walker logs a camera with a photo and a
 * direction offline under a fake GPS fix in Brussels, finds it after an offline reload with its
 * details and photo, edits it and deletes it, still offline; and the UI speaks fr, nl and en.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { tid, useApp, waitForController } from './harness.ts';
import { readStores } from './page-database.ts';
import { drawnJpeg } from './ui-steps.ts';
import { exifSegment, hasExifHeader, insertSegment, jpegSegments, jpegSize } from './jpeg-bytes.ts';

const app = useApp();

/** A 2400×1600 JPEG drawn by the browser, with an EXIF GPS position added by hand. */
async function photoWithGps(page: Page): Promise<Buffer> {
  const drawn = await drawnJpeg(page, { width: 2400, height: 1600, background: '#445566', fill: '#eeeeee', rect: [600, 400, 1200, 800] });
  const jpeg = insertSegment(new Uint8Array(drawn), exifSegment({ orientation: 1, lat: 50.8467, lon: 4.3525 }));
  expect(hasExifHeader(jpeg)).toBe(true);
  return Buffer.from(jpeg);
}

/**
 * The stored bytes of the photo an <img data-hash> shows, read from IndexedDB (database
 * `contrechamp`, store `photos`, keyed by hash: CONTRACTS.md). The blob: URL itself cannot be
 * fetched: the CSP's connect-src is 'self'.
 */
async function storedPhotoBytes(page: Page, img: Locator): Promise<Uint8Array> {
  const hash = await img.getAttribute('data-hash');
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  const { photos } = await readStores(page, { photos: 'records' });
  const base64 = photos.find((p) => p.hash === hash)?.data;
  if (typeof base64 !== 'string') throw new Error(`no photo ${hash} in the store`);
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

async function expectImageLoaded(img: Locator): Promise<void> {
  await img.waitFor();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
}

/** Opens the app, waits until the service worker holds the shell, then cuts the network. */
async function openOffline(page: Page): Promise<void> {
  await page.goto('/?test=1');
  await waitForController(page);
  await page.locator(tid('log-button')).waitFor();
  await app.context.setOffline(true);
}

describe('walk and log, offline', () => {
  it('logs a camera with a photo and a direction, finds it after an offline reload, edits and deletes it', { timeout: 300_000 }, async () => {
    const { page } = app;
    await openOffline(page);
    const photo = await photoWithGps(page);
    const notes = 'Caméra au-dessus de l’entrée, test e2e';

    // --- log
    await page.locator(tid('log-button')).click();
    await page.locator(tid('kind-camera')).click();
    const form = page.locator(tid('observation-form'));
    await form.waitFor();
    // The GPS fix (fake, Brussels) is in once the status shows its accuracy.
    await expect.poll(() => page.locator(tid('position-status')).textContent()).toMatch(/\d/);
    await page.locator(tid('direction-input')).fill('135');
    await page.locator(tid('notes-input')).fill(notes);
    await page.locator(tid('photo-input')).setInputFiles({ name: 'camera.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expectImageLoaded(form.locator('img[data-hash]'));
    await page.locator(tid('save-observation')).click();

    // --- the list shows it at once
    const list = page.locator(tid('observation-list'));
    await list.waitFor();
    const row = list.locator(tid('observation-item'));
    await expect.poll(() => row.count()).toBe(1);
    const id = await row.getAttribute('data-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // --- reload offline, find it with its details and photo
    await page.reload();
    await page.locator(tid('nav-list')).click();
    const reloadedRow = page.locator(`${tid('observation-item')}[data-id="${id}"]`);
    await reloadedRow.waitFor();
    await reloadedRow.locator('a, button').first().click();
    const detail = page.locator(`${tid('observation-detail')}[data-id="${id}"]`);
    await detail.waitFor();
    await expect.poll(() => detail.locator(tid('detail-notes')).textContent()).toBe(notes);
    expect(await detail.locator('[data-field="direction"]').textContent()).toContain('135');
    expect(await detail.locator(tid('detail-position')).textContent()).toMatch(/50[.,]846\d*.*4[.,]352/);
    const stored = detail.locator(`${tid('detail-photos')} img[data-hash]`);
    await expectImageLoaded(stored);
    // What was stored is the re-encoded photo: no EXIF, no GPS, at most 2048 px.
    const bytes = await storedPhotoBytes(page, stored);
    expect(jpegSegments(bytes).map((s) => s.marker)).not.toContain(0xe1);
    expect(hasExifHeader(bytes)).toBe(false);
    expect(jpegSize(bytes)).toEqual({ width: 2048, height: 1365 });

    // --- edit offline: a new version with the new notes and direction
    await detail.locator(tid('edit-observation')).click();
    await page.locator(tid('observation-form')).waitFor();
    await page.locator(tid('notes-input')).fill(`${notes} (modifiée)`);
    await page.locator(tid('direction-input')).fill('200');
    await page.locator(tid('save-observation')).click();
    const edited = page.locator(`${tid('observation-detail')}[data-id="${id}"]`);
    await expect.poll(() => edited.locator(tid('detail-notes')).textContent()).toBe(`${notes} (modifiée)`);
    expect(await edited.locator('[data-field="direction"]').textContent()).toContain('200');
    await page.reload();
    await expect.poll(() => page.locator(`${tid('observation-detail')}[data-id="${id}"] ${tid('detail-notes')}`).textContent()).toBe(
      `${notes} (modifiée)`,
    );

    // --- delete offline: gone from the list, and still gone after a reload
    await page.locator(tid('delete-observation')).click();
    // An empty list has no height: attached, not visible.
    await page.locator(tid('observation-list')).waitFor({ state: 'attached' });
    await expect.poll(() => page.locator(`${tid('observation-item')}[data-id="${id}"]`).count()).toBe(0);
    await page.reload();
    await page.locator(tid('nav-list')).click();
    await page.locator(tid('observation-list')).waitFor({ state: 'attached' });
    await expect.poll(() => page.locator(tid('observation-item')).count()).toBe(0);
  });
});

describe('languages', () => {
  it('switches the UI to Dutch and to English in settings, and keeps the choice', async () => {
    const { page } = app;
    await page.goto('/');
    const navList = page.locator(tid('nav-list'));
    await navList.waitFor();
    const texts = async () => ({
      lang: await page.evaluate(() => document.documentElement.lang),
      list: (await navList.textContent())?.trim(),
      settings: (await page.locator(tid('nav-settings')).textContent())?.trim(),
    });
    // French first: the context prefers fr-BE.
    const fr = await texts();
    expect(fr.lang).toBe('fr');

    await page.locator(tid('nav-settings')).click();
    const select = page.locator(tid('language-select'));
    await select.selectOption('nl');
    await expect.poll(async () => (await texts()).lang).toBe('nl');
    const nl = await texts();
    expect(nl.list).not.toBe(fr.list);
    expect(nl.settings).not.toBe(fr.settings);

    await select.selectOption('en');
    await expect.poll(async () => (await texts()).lang).toBe('en');
    const en = await texts();
    expect(en.list).not.toBe(fr.list);
    expect(en.list).not.toBe(nl.list);
    expect(en.settings).not.toBe(nl.settings);

    await page.reload();
    await navList.waitFor();
    expect(await texts()).toEqual(en);
  });

  it('starts in Dutch for a browser that prefers Dutch', async () => {
    const { context } = await app.extraContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator(tid('nav-list')).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
  });
});
