/**
 * Every view of the walker app at 320 and 360 px wide, in French, Dutch and English: nothing sticks
 * out of the viewport, the document never scrolls sideways, no text is cut off (the tab labels
 * included, with the Moderation tab making six), and no control lies under the sync badge or the
 * update banner. One page walks through all of them; every fault found is listed at the end.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tid, useApp, waitForController } from './harness.ts';
import { covered, overflows } from './layout-checks.ts';
import { allSent, browserJpeg, moderatorToken } from './sync-helpers.ts';
import { logCamera } from './ui-steps.ts';

const app = useApp({ context: { viewport: { width: 360, height: 740 } } });

const WIDTHS = [320, 360] as const;
const LANGUAGES = ['fr', 'nl', 'en'] as const;
/** One-line previews of longer text, meant to end in an ellipsis: the notes in a list row. */
const PREVIEWS = '.row-summary';

/** A view: how to reach it from any other, and what shows once it is there. */
interface View {
  name: string;
  open: (page: Page) => Promise<void>;
}

const byHash = (name: string, hash: string, ready: string): View => ({
  name,
  open: async (page) => {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
    await page.locator(ready).first().waitFor();
  },
});

function views(id: string): View[] {
  return [
    byHash('list', '#/list', tid('observation-list')),
    {
      name: 'list with its filters open',
      open: async (page) => {
        await byHash('', '#/list', tid('observation-list')).open(page);
        await page.locator('.filters').evaluate((el: HTMLDetailsElement) => (el.open = true));
      },
    },
    byHash('kind picker', '#/log', tid('kind-picker')),
    byHash('camera form', '#/log/camera', tid('observation-form')),
    byHash('ANPR camera form', '#/log/alpr', tid('observation-form')),
    byHash('detail', `#/obs/${id}`, tid('observation-detail')),
    byHash('edit form', `#/obs/${id}/edit`, tid('observation-form')),
    byHash('map', '#/map', tid('observation-map')),
    byHash('still there', '#/check', tid('check-view')),
    byHash('export', '#/export', tid('export-view')),
    byHash('settings', '#/settings', tid('wipe-device')),
    byHash('moderation', '#/moderate', tid('moderation-view')),
    {
      name: 'sync details',
      open: async (page) => {
        await byHash('', '#/list', tid('observation-list')).open(page);
        await page.locator('.sync-summary').click();
        await page.locator('#sync-details').waitFor();
      },
    },
  ];
}

describe('320 and 360 px wide, in fr, nl and en', () => {
  it('every view fits: nothing sticks out, nothing scrolls sideways, no label is cut off, nothing is covered', { timeout: 300_000 }, async () => {
    const { page } = app;
    await page.goto('/?test=1');
    await waitForController(page);
    const id = await logCamera(page, 'Au coin de la rue, sous la corniche du bâtiment', Buffer.from(await browserJpeg(page, 1)));
    await allSent(page);
    await page.locator(tid('nav-settings')).click();
    await page.locator(tid('moderator-token-input')).fill(moderatorToken(app.server));
    await page.locator(tid('moderator-token-save')).click();
    await page.locator(tid('nav-moderate')).waitFor();

    const faults: { fault: string; where: string }[] = [];
    for (const lang of LANGUAGES) {
      await byHash('', '#/settings', tid('language-select')).open(page);
      await page.locator(tid('language-select')).selectOption(lang);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 740 });
        for (const view of views(id)) {
          await view.open(page);
          const where = `${lang} ${width} ${view.name}`;
          for (const fault of [...(await overflows(page, PREVIEWS)), ...(await covered(page))]) faults.push({ fault, where });
        }
      }
    }
    // One line per fault and where it shows, so a fault seen in every view is read once.
    const byFault = new Map<string, string[]>();
    for (const { fault, where } of faults) byFault.set(fault, [...(byFault.get(fault) ?? []), where]);
    expect([...byFault].map(([fault, places]) => `${fault} — ${places.join(', ')}`)).toEqual([]);
  });
});
