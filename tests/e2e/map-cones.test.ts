/**
 * The walker's map and its view cones: two cameras with a direction, logged 13 km apart, open the
 * map city-wide, where the cones are neither drawn nor sent to MapLibre; zoomed in on one, its
 * cone is drawn, pointing the way it was logged.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { evaluate, pollInPage, tid, useApp } from './harness.ts';

const app = useApp();

const GRAND_PLACE = { latitude: 50.8467, longitude: 4.3525, accuracy: 8 };
/** About 13 km north-east: both in view only at a city-wide zoom. */
const NORTH_EAST = { latitude: 50.95, longitude: 4.45, accuracy: 8 };

async function logCameraLooking(page: Page, bearing: number): Promise<void> {
  await page.locator(tid('log-button')).click();
  await page.locator(tid('kind-camera')).click();
  await page.locator(tid('observation-form')).waitFor();
  await expect.poll(() => page.locator(tid('position-status')).textContent()).toMatch(/\d/);
  await page.locator(tid('direction-input')).fill(String(bearing));
  await page.locator(tid('save-observation')).click();
  await page.locator(tid('observation-list')).waitFor();
}

interface ConesState {
  zoom: number;
  /** Features MapLibre was given for the cones source. */
  held: number;
  /** Cones drawn in the view, with their bearings. */
  drawn: number[];
}

const conesState = (page: Page): Promise<ConesState> =>
  evaluate(
    page,
    async () => {
      interface Feature {
        properties: { direction?: number };
      }
      const map = (window as unknown as {
        __map: {
          getZoom(): number;
          getSource(s: string): { getData(): Promise<{ features: Feature[] }> };
          queryRenderedFeatures(o: object): Feature[];
        };
      }).__map;
      return {
        zoom: map.getZoom(),
        held: (await map.getSource('cones').getData()).features.length,
        drawn: map.queryRenderedFeatures({ layers: ['observation-cones'] }).map((f) => Number(f.properties.direction)),
      };
    },
    undefined,
  );

describe('view cones on the map', () => {
  it('are sent only at street level, then drawn the way the camera looks', async () => {
    const { page, context } = app;
    await page.goto('/#/list');
    await context.setGeolocation(GRAND_PLACE);
    await logCameraLooking(page, 90);
    // A new page load: the form would otherwise keep the fix it is following.
    await context.setGeolocation(NORTH_EAST);
    await page.reload();
    await logCameraLooking(page, 200);

    await page.goto('/?test=1#/map');
    await pollInPage(page, () => (window as unknown as { __map?: { loaded(): boolean } }).__map?.loaded() ?? false, 'map loaded');
    const start = await conesState(page);
    expect(start.zoom).toBeLessThan(13);
    expect(start).toMatchObject({ held: 0, drawn: [] });

    await evaluate(page, (c: { lon: number; lat: number }) => {
      (window as unknown as { __map: { jumpTo(o: object): void } }).__map.jumpTo({ center: [c.lon, c.lat], zoom: 17 });
    }, { lon: GRAND_PLACE.longitude, lat: GRAND_PLACE.latitude });
    await expect.poll(async () => (await conesState(page)).drawn, { timeout: 30_000 }).toEqual([90]);
    expect((await conesState(page)).held).toBe(2);
  });
});
