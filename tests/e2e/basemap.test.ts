/**
 * The offline basemap end to end: a basemap built from the shared Brussels extract with `npm run basemap`'s
 * pipeline, served by the real server, drawn with street names at zoom 16; downloaded whole to
 * the device; then, offline, the same view drawn from the device. No request leaves the origin.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildBasemap, hasTilemaker } from '../../scripts/basemap/build.ts';
import { ROOT, evaluate, startServer, tid, useApp, waitForController } from './harness.ts';

const EXTRACT = join(ROOT, '../shared/data/brussels-2013.osm.pbf');
const missing = !existsSync(EXTRACT)
  ? `the shared extract ${EXTRACT} is absent`
  : !hasTilemaker()
    ? 'tilemaker is not installed (scripts/install-system-deps.sh installs it)'
    : null;
if (missing) console.warn(`basemap e2e skipped: ${missing}`);

const GRAND_PLACE = { lon: 4.3525, lat: 50.8467 };

const app = missing
  ? null
  : useApp({
      server: async (distDir) => {
        const dataDir = mkdtempSync(join(tmpdir(), 'contrechamp-basemap-e2e-'));
        await buildBasemap(EXTRACT, { dataDir, quiet: true });
        const server = await startServer(distDir, { DATA_DIR: dataDir });
        return { ...server, stop: async () => (await server.stop(), rmSync(dataDir, { recursive: true, force: true })) };
      },
    });

/** Opens the map view, centres it on the Grand-Place at zoom 16 and waits for it to settle. */
async function streetNamesAtGrandPlace(page: Page): Promise<{ names: string[]; source: string }> {
  await page.waitForFunction(() => {
    const map = (window as unknown as { __map?: { loaded(): boolean; getStyle(): { sources: Record<string, unknown> } } }).__map;
    return Boolean(map?.loaded() && map.getStyle().sources['basemap']);
  }, null, { timeout: 60_000 });
  return evaluate(
    page,
    async (centre: { lon: number; lat: number }) => {
      type M = {
        jumpTo(o: unknown): void;
        once(e: string, f: () => void): void;
        queryRenderedFeatures(o: unknown): { properties: Record<string, string> }[];
        getStyle(): { sources: Record<string, { url?: string }> };
      };
      const map = (window as unknown as { __map: M }).__map;
      await new Promise<void>((done) => {
        map.once('idle', () => done());
        map.jumpTo({ center: [centre.lon, centre.lat], zoom: 16 });
      });
      const names = map
        .queryRenderedFeatures({ layers: ['bm-street-names'] })
        .map((f) => f.properties['name:fr'] ?? f.properties['name:latin'] ?? '');
      return { names, source: map.getStyle().sources['basemap']?.url ?? '' };
    },
    GRAND_PLACE,
    90_000,
    'rendering the map at the Grand-Place',
  );
}

describe.skipIf(missing)('the offline basemap', () => {
  it('draws street names from the server, downloads the map, and draws them offline from the device', async () => {
    const { page, context, recorder } = app!;
    await page.goto('/?test=1#/map');
    await waitForController(page);
    const online = await streetNamesAtGrandPlace(page);
    expect(online.source).toMatch(/^pmtiles:\/\/http:\/\/127\.0\.0\.1:\d+\/api\/v1\/basemap\/basemap\.pmtiles$/);
    expect(online.names.length).toBeGreaterThan(0);
    expect(await page.locator(tid('basemap-hint')).count()).toBe(0);

    await page.goto('/?test=1#/settings');
    const status = page.locator(tid('basemap-status'));
    await expect.poll(() => status.getAttribute('data-state')).toBe('none');
    await page.locator(tid('download-basemap')).click();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');

    await context.setOffline(true);
    const before = recorder.requests.length;
    // A real navigation (not a hash change), answered by the service worker.
    await page.goto('/?test=1&offline=1#/map');
    const offline = await streetNamesAtGrandPlace(page);
    expect(offline.source).toBe('pmtiles://contrechamp-device-basemap');
    expect(offline.names.length).toBeGreaterThan(0);
    // Offline, the archive was never asked of the server.
    expect(recorder.requests.slice(before).filter((u) => u.includes('/api/v1/basemap'))).toEqual([]);
  });
});
