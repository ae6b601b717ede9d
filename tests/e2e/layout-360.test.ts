/**
 * One-handed on a 360 px wide screen. The sync badge and the update banner stay
 * on screen without lying over any control of the views: the list's filters summary, once hidden
 * under the badge, takes a plain click, and no control of the list, detail, settings or export
 * view shares a pixel with the badge or the banner.
 */
import { describe, expect, it } from 'vitest';
import { tid, useApp, waitForController } from './harness.ts';
import { covered } from './layout-checks.ts';
import { allSent, moderatorToken } from './sync-helpers.ts';

const app = useApp({ context: { viewport: { width: 360, height: 740 } } });

describe('360 px wide', () => {
  it('nothing lies over the controls of the list, detail, settings, export and moderation views', { timeout: 180_000 }, async () => {
    const { page } = app;
    await page.goto('/?test=1');
    await waitForController(page);
    // The first load shows the "ready offline" banner too: the worst case for the top edge.
    await page.locator(tid('update-prompt')).waitFor();
    await page.locator(tid('sync-status')).waitFor();

    // --- the filters summary takes a plain click (no force): the badge used to intercept it
    const summary = page.locator('.filters > summary');
    const centreIsSummary = await summary.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && el.contains(hit);
    });
    expect(centreIsSummary).toBe(true);
    await summary.click({ timeout: 5_000 });
    await expect.poll(() => page.locator('.filters').evaluate((el: HTMLDetailsElement) => el.open)).toBe(true);
    expect(await covered(page)).toEqual([]);

    // --- one observation, then its detail, settings and export
    await page.locator(tid('log-button')).click();
    await page.locator(tid('kind-camera')).click();
    await page.locator(tid('observation-form')).waitFor();
    expect(await covered(page)).toEqual([]);
    await expect.poll(() => page.locator(tid('position-status')).textContent(), { timeout: 10_000 }).toMatch(/\d/);
    await page.locator(tid('save-observation')).click();
    const row = page.locator(tid('observation-item')).first();
    await row.waitFor();
    expect(await covered(page)).toEqual([]);
    await row.locator('a, button').first().click();
    await page.locator(tid('observation-detail')).waitFor();
    expect(await covered(page)).toEqual([]);
    await page.locator(tid('nav-settings')).click();
    await page.locator(tid('wipe-device')).waitFor();
    expect(await covered(page)).toEqual([]);
    await page.locator(tid('nav-export')).click();
    await page.locator(tid('export-view')).waitFor();
    expect(await covered(page)).toEqual([]);

    // --- the Moderation view: the decision toolbar does not lie over the item to tick
    await allSent(page);
    await page.locator(tid('nav-settings')).click();
    await page.locator(tid('moderator-token-input')).fill(moderatorToken(app.server));
    await page.locator(tid('moderator-token-save')).click();
    await page.locator(tid('nav-moderate')).click();
    const select = page.locator(tid('moderation-item')).first().locator(tid('moderate-select'));
    await select.waitFor({ timeout: 30_000 });
    await select.check({ timeout: 5_000 });
    expect(await covered(page)).toEqual([]);
  });
});
