/**
 * A server with no basemap. The map view still works on a plain background,
 * says in one line how to add a street map, and asks nothing of any other host.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, tid, useApp } from './harness.ts';
import { mapKindImages } from './map-images.ts';

const app = useApp();

describe('the map without a basemap', () => {
  it('shows a plain background and the hint, never an error', async () => {
    const { page, recorder } = app;
    await page.goto('/?test=1#/map');
    await page.waitForFunction(() => (window as unknown as { __map?: { loaded(): boolean } }).__map?.loaded(), null, {
      timeout: 60_000,
    });
    const style = await evaluate(
      page,
      () => {
        const map = (window as unknown as { __map: { getStyle(): { sources: Record<string, unknown>; layers: { id: string; type: string }[] } } }).__map;
        const s = map.getStyle();
        return { sources: Object.keys(s.sources), first: s.layers[0] };
      },
      undefined,
    );
    expect(style.sources).not.toContain('basemap');
    expect(style.first).toMatchObject({ type: 'background' });
    const hint = page.locator(tid('basemap-hint'));
    await hint.waitFor();
    expect(await hint.textContent()).toContain('npm run basemap');
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    expect(recorder.requests.some((u) => u.includes('/api/v1/basemap/basemap.pmtiles'))).toBe(false);
  });

  it("has every kind's badge from the built sprite on our origin", async () => {
    const { page, recorder, server } = app;
    await page.goto('/?test=1#/map');
    const images = await mapKindImages(page);
    expect(images.missing).toEqual([]);
    expect(images.sprite).toBe(`${server.origin}/icons/map-sprite`);
    expect(new Set(images.cssSizes)).toEqual(new Set([32]));
    expect(recorder.requests.filter((u) => /\/icons\/map-sprite(@2x)?\.(json|png)$/.test(u)).length).toBeGreaterThanOrEqual(2);
  });
});
