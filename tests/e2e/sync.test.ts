/**
 * The sync end to end, in Chromium against the real server: five observations logged offline (one
 * with a photo carrying EXIF GPS) reach the server exactly once when the network comes back, the
 * photo without EXIF; and a server that answers 500 (after applying the batch: a lost answer), then
 * 429 with Retry-After, still ends with exactly five; a tab closed while its batch is in flight
 * loses nothing and doubles nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Route } from 'playwright-core';
import { tid, useApp, waitForController } from './harness.ts';
import { exifSegment, hasExifHeader, insertSegment, jpegSegments } from './jpeg-bytes.ts';
import { allSent, browserJpeg, heldCounts, moderatorToken, offlineWithPending, pendingOf, serverHolds } from './sync-helpers.ts';
import { logCamera } from './ui-steps.ts';

const app = useApp();

describe('sync, end to end', () => {
  it('five observations logged offline, one with a photo, reach the server exactly once when back online; the photo without EXIF', async () => {
    const { page, context, server } = app;
    await page.goto('/?test=1');
    // The photo is re-encoded in a module worker: offline, its script comes from the SW's precache.
    await waitForController(page);
    await page.locator(tid('log-button')).waitFor();
    await context.setOffline(true);

    const photo = Buffer.from(insertSegment(await browserJpeg(page, 1), exifSegment({ orientation: 1, lat: 50.8467, lon: 4.3525 })));
    expect(hasExifHeader(photo)).toBe(true);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await logCamera(page, `hors ligne ${i}`, i === 2 ? photo : undefined));
    await expect.poll(() => pendingOf(page)).toBe(5);
    // Offline: nothing reached the server.
    expect(await heldCounts(server, ids)).toEqual([0, 0, 0, 0, 0]);

    await context.setOffline(false);
    await allSent(page);
    // The run records its outcome after the pull that follows the last acknowledgement.
    await expect.poll(() => page.locator(tid('sync-status')).getAttribute('data-error'), { timeout: 30_000 }).toBe('');

    const held = (await serverHolds(server)).filter((o) => !o.deleted);
    expect(held).toHaveLength(5);
    expect(await heldCounts(server, ids)).toEqual([1, 1, 1, 1, 1]);
    const withPhoto = held.find((o) => o.id === ids[2])!;
    expect(withPhoto.photos).toHaveLength(1);
    // Not public yet: a moderator may see it.
    const res = await fetch(`${server.origin}/api/v1/photos/${withPhoto.photos[0]}`, { headers: { authorization: `Bearer ${moderatorToken(server)}` } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(jpegSegments(bytes).map((s) => s.marker)).not.toContain(0xe1);
    expect(hasExifHeader(bytes)).toBe(false);
    for (const id of ids.filter((_, i) => i !== 2)) expect(held.find((o) => o.id === id)!.photos).toEqual([]);

    // The list says synced for each.
    await page.locator(tid('nav-list')).click();
    for (const id of ids) {
      await expect.poll(() => page.locator(`${tid('observation-item')}[data-id="${id}"] .sync-badge`).getAttribute('class')).toContain('sync-synced');
    }
  });

  it('the server answers 500 (after applying the batch), 500, then 429 with Retry-After: in the end, still exactly five', async () => {
    const { context, page, ids } = await offlineWithPending(app, 5, 'pannes');

    const answers: string[] = [];
    const errorsSeen = new Set<string>();
    await page.route('**/api/v1/observations/batch', async (route: Route) => {
      const n = answers.length;
      if (n === 0) {
        // Applied by the server, but the answer is lost: the client must resend, the server must not double.
        await route.fetch();
        answers.push('applied, then 500');
        return route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"internal server error"}}' });
      }
      if (n === 1) {
        answers.push('500');
        return route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"internal server error"}}' });
      }
      if (n <= 3) {
        answers.push('429');
        return route.fulfill({
          status: 429,
          headers: { 'retry-after': '1' },
          contentType: 'application/json',
          body: '{"error":{"code":"rate_limited","message":"too many requests; retry in 1 s"}}',
        });
      }
      answers.push('passed');
      return route.continue();
    });
    const watch = setInterval(() => {
      void page
        .locator(tid('sync-status'))
        .getAttribute('data-error')
        .then((e) => e && errorsSeen.add(e), () => undefined);
    }, 100);

    await context.setOffline(false);
    try {
      await allSent(page, 90_000);
    } finally {
      clearInterval(watch);
    }
    expect(answers.slice(0, 5)).toEqual(['applied, then 500', '500', '429', '429', 'passed']);
    // The badge said why it waited (server error, then busy), in the meantime.
    expect([...errorsSeen]).toEqual(expect.arrayContaining(['syncError.server', 'syncError.busy']));
    // The run records its outcome after the pull that follows the last acknowledgement.
    await expect.poll(() => page.locator(tid('sync-status')).getAttribute('data-error'), { timeout: 30_000 }).toBe('');
    expect(await heldCounts(app.server, ids)).toEqual([1, 1, 1, 1, 1]);
  });

  it('a tab closed in the middle of a sync: reopened, nothing is lost and nothing doubled', async () => {
    const { context, page, ids } = await offlineWithPending(app, 3, 'onglet fermé');

    // The batch reaches the server and is applied; the tab closes before the answer arrives.
    let applied!: () => void;
    const reached = new Promise<void>((resolve) => (applied = resolve));
    await page.route('**/api/v1/observations/batch', async (route: Route) => {
      await route.fetch();
      applied();
      // Never answered: the page goes away first.
    });
    await context.setOffline(false);
    await reached;
    await page.close();
    expect(await heldCounts(app.server, ids)).toEqual([1, 1, 1]);

    const again = await context.newPage();
    await again.goto('/?test=1');
    await again.locator(tid('sync-status')).waitFor();
    await allSent(again);
    expect(await heldCounts(app.server, ids)).toEqual([1, 1, 1]);
    await again.locator(tid('nav-list')).click();
    for (const id of ids) {
      await expect.poll(() => again.locator(`${tid('observation-item')}[data-id="${id}"] .sync-badge`).getAttribute('class'), { timeout: 30_000 }).toContain('sync-synced');
    }
  });
});
