/**
 * Tapping one of my observations on the map opens it: two cameras 40 m apart and an antenna
 * between them, logged from three places; each tapped at street level opens its own detail.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { evaluate, pollInPage, tid, useApp } from './harness.ts';

const app = useApp();

const WEST = { latitude: 50.8467, longitude: 4.3525, accuracy: 5 };
/** About 40 m east of WEST. */
const EAST = { latitude: 50.8467, longitude: 4.35307, accuracy: 5 };
/** About 20 m east of WEST, 11 m north. */
const MIDDLE = { latitude: 50.8468, longitude: 4.35278, accuracy: 5 };

async function log(page: Page, kind: string, notes: string): Promise<void> {
  await page.locator(tid('log-button')).click();
  await page.locator(tid(`kind-${kind}`)).click();
  await page.locator(tid('observation-form')).waitFor();
  await expect.poll(() => page.locator(tid('position-status')).textContent()).toMatch(/\d/);
  await page.locator(tid('notes-input')).fill(notes);
  await page.locator(tid('save-observation')).click();
  await page.locator(tid('observation-list')).waitFor();
}

/** Opens the map, brings `at` to the middle at street level, taps it and gives the notes of the detail that opens. */
async function tap(page: Page, at: { latitude: number; longitude: number }): Promise<string> {
  await page.goto('/?test=1#/map');
  await pollInPage(page, () => (window as unknown as { __map?: { loaded(): boolean } }).__map?.loaded() ?? false, 'map loaded');
  const point = await evaluate(
    page,
    async (p: [number, number]) => {
      const map = (window as unknown as {
        __map: { jumpTo(o: object): void; project(p: [number, number]): { x: number; y: number }; once(e: string, f: () => void): void; triggerRepaint(): void };
      }).__map;
      map.jumpTo({ center: p, zoom: 18 });
      await new Promise<void>((resolve) => {
        map.once('idle', () => resolve());
        map.triggerRepaint();
      });
      return map.project(p);
    },
    [at.longitude, at.latitude] as [number, number],
  );
  const box = (await page.locator(`${tid('observation-map')} canvas`).boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
  const notes = page.locator(`${tid('observation-detail')} ${tid('detail-notes')}`);
  await notes.waitFor({ timeout: 30_000 });
  return (await notes.textContent()) ?? '';
}

describe('my observations on the map', () => {
  it('open their own detail when tapped, told apart by place and by kind', async () => {
    const { page, context } = app;
    await page.goto('/#/list');
    for (const [where, kind, notes] of [
      [WEST, 'camera', 'caméra ouest'],
      [EAST, 'camera', 'caméra est'],
      [MIDDLE, 'antenna', 'antenne'],
    ] as const) {
      await context.setGeolocation(where);
      // A new page load: the form would otherwise keep the fix it is following.
      await page.reload();
      await log(page, kind, notes);
    }

    expect(await tap(page, EAST)).toContain('caméra est');
    expect(await tap(page, WEST)).toContain('caméra ouest');
    expect(await tap(page, MIDDLE)).toContain('antenne');
  });
});
