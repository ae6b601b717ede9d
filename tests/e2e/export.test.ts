/**
 * Exports and imports end to end, through the UI's test hooks: a walker logs observations (one with a photo),
 * exports GeoJSON from the export view and gets a download whose content matches what is stored,
 * exports the ZIP bundle (accepted by `unzip -t`), and imports it on a fresh device (a new browser
 * context: nothing stored), which brings everything back, photo bytes included. Importing the same
 * file again changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { evaluate, tid, useApp } from './harness.ts';
import { readStores } from './page-database.ts';
import { drawnJpeg, logCamera } from './ui-steps.ts';

const app = useApp();
const workDir = mkdtempSync(join(tmpdir(), 'contrechamp-export-e2e-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Stored {
  observations: { id: string; version: number; kind: string; notes: string; photos: string[]; position: { lon: number; lat: number } }[];
  photos: { hash: string; base64: string }[];
}

/** What the page's IndexedDB holds: observations and photos (bytes as base64). */
async function readStore(page: Page): Promise<Stored> {
  const { observations, photos } = await readStores(page, { observations: 'records', photos: 'records' });
  return {
    observations: observations as unknown as Stored['observations'],
    photos: photos.map((p) => ({ hash: String(p.hash), base64: String(p.data) })),
  };
}

/** Clicks an export button and returns the downloaded file's name and path. */
async function exportVia(page: Page, button: string): Promise<{ name: string; path: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator(tid(button)).click()]);
  const path = join(workDir, download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), path };
}

describe('export and import', () => {
  it('exports what is stored, and a ZIP that restores everything on a fresh device', async () => {
    // No file picker: the ZIP goes through OPFS and the download, as on Android and Firefox.
    await app.context.addInitScript(() => {
      Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
    });
    const { page } = app;
    await page.goto('/');
    await page.locator(tid('log-button')).waitFor();
    const photo = await drawnJpeg(page, { width: 800, height: 600, background: '#335577', fill: '#ffcc00', rect: [200, 150, 400, 300] });
    await logCamera(page, 'Caméra avec photo, "export" e2e', photo);
    await logCamera(page, '=SUM(A1) sans photo');

    const stored = await readStore(page);
    expect(stored.observations).toHaveLength(2);
    expect(stored.photos).toHaveLength(1);

    // --- GeoJSON: the download holds exactly what is stored
    await page.locator(tid('nav-export')).click();
    await page.locator(tid('export-view')).waitFor();
    await expect.poll(() => page.locator(tid('export-count')).textContent()).toMatch(/2/);
    const geojson = await exportVia(page, 'export-geojson');
    expect(geojson.name).toMatch(/^contrechamp-\d{4}-\d{2}-\d{2}\.geojson$/);
    const collection = JSON.parse(readFileSync(geojson.path, 'utf8')) as {
      type: string;
      features: { id: string; geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(collection.type).toBe('FeatureCollection');
    const byId = new Map(collection.features.map((f) => [f.id, f]));
    expect([...byId.keys()].sort()).toEqual(stored.observations.map((o) => o.id).sort());
    for (const obs of stored.observations) {
      const feature = byId.get(obs.id)!;
      expect(feature.properties.notes).toBe(obs.notes);
      expect(feature.properties.version).toBe(obs.version);
      expect(feature.properties.kind).toBe(obs.kind);
      expect(feature.properties.photos).toEqual(obs.photos);
      expect(feature.geometry.coordinates[0]).toBeCloseTo(obs.position.lon, 6);
      expect(feature.geometry.coordinates[1]).toBeCloseTo(obs.position.lat, 6);
    }
    await expect.poll(() => page.locator(tid('export-done')).count()).toBe(1);

    // --- what the list's filters show: one observation matches "SUM"
    await page.locator(tid('nav-list')).click();
    // Opened directly: at 360 px the sync status badge sits over the "Filters" summary.
    await page.locator('details.filters').evaluate((el: HTMLDetailsElement) => (el.open = true));
    await page.locator(tid('filter-text')).fill('SUM');
    await expect.poll(() => page.locator(tid('observation-item')).count()).toBe(1);
    await page.locator(tid('nav-export')).click();
    await page.locator(tid('export-scope-filtered')).check();
    await expect.poll(() => page.locator(tid('export-count')).textContent()).toMatch(/^1\D/);
    const filtered = JSON.parse(readFileSync((await exportVia(page, 'export-geojson')).path, 'utf8')) as { features: { properties: { notes: string } }[] };
    expect(filtered.features.map((f) => f.properties.notes)).toEqual(['=SUM(A1) sans photo']);
    await page.locator(tid('export-scope-all')).check();

    // --- the ZIP bundle, with its progress bar watched as it goes
    await evaluate(
      page,
      () => {
        const seen: (string | null)[][] = [];
        (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
        new MutationObserver(() => {
          const bar = document.querySelector('[role="progressbar"]');
          if (bar) seen.push(['aria-valuemin', 'aria-valuemax', 'aria-valuenow'].map((a) => bar.getAttribute(a)));
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      },
      undefined,
    );
    const zip = await exportVia(page, 'export-zip');
    const progressSeen = await page.evaluate(() => (window as unknown as { progressSeen: (string | null)[][] }).progressSeen);
    expect(progressSeen.length).toBeGreaterThan(0);
    for (const [min, max, now] of progressSeen) {
      expect([min, max]).toEqual(['0', '100']);
      expect(Number(now)).toBeGreaterThanOrEqual(0);
      expect(Number(now)).toBeLessThanOrEqual(100);
    }
    expect(zip.name).toMatch(/^contrechamp-\d{4}-\d{2}-\d{2}\.zip$/);
    const test = spawnSync('unzip', ['-t', zip.path], { encoding: 'utf8' });
    expect(test.stdout).toContain('No errors detected');
    expect(test.stdout).toContain(`photos/${stored.photos[0]!.hash}.jpg`);

    // --- a fresh device: nothing stored, import the ZIP
    const fresh = await app.extraContext();
    const other = await fresh.context.newPage();
    await other.goto('/#/export');
    await other.locator(tid('export-view')).waitFor();
    expect((await readStore(other)).observations).toHaveLength(0);
    await other.locator(tid('import-input')).setInputFiles(zip.path);
    const preview = other.locator(tid('import-preview'));
    await preview.waitFor();
    expect(await preview.locator(`${tid('import-totals')} [data-outcome="new"]`).textContent()).toBe('2');
    expect(await preview.locator(tid('import-photos')).textContent()).toMatch(/1/);
    // The preview wrote nothing.
    expect((await readStore(other)).observations).toHaveLength(0);
    await other.locator(tid('import-confirm')).click();
    await other.locator(tid('import-done')).waitFor();

    const restored = await readStore(other);
    const sortById = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(sortById(restored.observations)).toEqual(sortById(stored.observations));
    expect(restored.photos).toEqual(stored.photos);

    // The list shows them, and the photo opens in the detail.
    await other.locator(tid('nav-list')).click();
    await expect.poll(() => other.locator(tid('observation-item')).count()).toBe(2);
    const withPhoto = stored.observations.find((o) => o.photos.length > 0)!;
    await other.locator(`${tid('observation-item')}[data-id="${withPhoto.id}"] a`).first().click();
    const img = other.locator(`${tid('detail-photos')} img[data-hash="${withPhoto.photos[0]}"]`);
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);

    // --- the same file again changes nothing
    await other.locator(tid('nav-export')).click();
    await other.locator(tid('import-input')).setInputFiles(zip.path);
    await other.locator(tid('import-preview')).waitFor();
    expect(await other.locator(`${tid('import-totals')} [data-outcome="unchanged"]`).textContent()).toBe('2');
    await other.locator(tid('import-nothing')).waitFor();
    expect(await other.locator(tid('import-confirm')).isDisabled()).toBe(true);
  });

  it('refuses a file it cannot read, in the walker’s language, and changes nothing', async () => {
    const { page } = app;
    await page.goto('/#/export');
    await page.locator(tid('export-view')).waitFor();
    await page.locator(tid('import-input')).setInputFiles({ name: 'broken.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type":"FeatureCollection","features":[') });
    const error = page.locator(tid('import-error'));
    await error.waitFor();
    expect(await error.getAttribute('data-key')).toBe('import.malformed');
    expect(await error.textContent()).toMatch(/abîmé|mal formé/);
    expect((await readStore(page)).observations).toHaveLength(0);
  });
  it('writes the ZIP straight into the file the walker picks, where the browser has a file picker', async () => {
    // The picker stands in for the walker's choice: a file in the origin-private file system.
    await app.context.addInitScript(() => {
      Object.defineProperty(window, 'showSaveFilePicker', {
        configurable: true,
        value: async () => (await navigator.storage.getDirectory()).getFileHandle('picked.zip', { create: true }),
      });
    });
    const { page } = app;
    await page.goto('/#/export');
    await page.locator(tid('export-view')).waitFor();
    let downloads = 0;
    page.on('download', () => (downloads += 1));
    await page.locator(tid('export-zip')).click();
    await page.locator(tid('export-done')).waitFor();
    const base64 = await evaluate(
      page,
      async () => {
        const file = await (await (await navigator.storage.getDirectory()).getFileHandle('picked.zip')).getFile();
        const bytes = new Uint8Array(await file.arrayBuffer());
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(binary);
      },
      undefined,
    );
    const path = join(workDir, 'picked.zip');
    writeFileSync(path, Buffer.from(base64, 'base64'));
    const test = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
    expect(test.stdout).toContain('No errors detected');
    expect(test.stdout).toContain('README.txt');
    // Saved where the walker chose: no download on top.
    expect(downloads).toBe(0);
  });
});
