/**
 * Shared steps of the sync end-to-end tests: a page with observations waiting offline, reading the
 * badge, and reading what the server holds through its own API (as another device would).
 */
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { Observation } from '../../src/core/observation.ts';
import { tid, type E2E } from './harness.ts';
import { drawnJpeg, logCamera } from './ui-steps.ts';

export async function pendingOf(page: Page): Promise<number> {
  return Number(await page.locator(tid('sync-status')).getAttribute('data-pending'));
}

/** A JPEG drawn by the browser (different for each seed). */
export async function browserJpeg(page: Page, seed: number): Promise<Uint8Array> {
  const picture = { width: 1200, height: 900, background: `rgb(${(seed * 40) % 255}, 90, 140)`, fill: '#eee' };
  return new Uint8Array(await drawnJpeg(page, { ...picture, rect: [200 + seed, 200, 600, 400] }));
}

/**
 * A page in a fresh context without service workers (so that page.route sees every request of
 * the page), taken offline, with `count` cameras logged and waiting to be sent.
 */
export async function offlineWithPending(app: E2E, count: number, notes: string): Promise<{ context: BrowserContext; page: Page; ids: string[] }> {
  const { context } = await app.extraContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('/?test=1');
  await page.locator(tid('log-button')).waitFor();
  await context.setOffline(true);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await logCamera(page, `${notes} ${i}`));
  await expect.poll(() => pendingOf(page)).toBe(count);
  return { context, page, ids };
}

/** Everything the server holds, pulled by a fresh device through the API, in server order. */
export async function serverHolds(origin: string): Promise<Observation[]> {
  const reg = await fetch(`${origin}/api/v1/devices`, { method: 'POST' });
  expect(reg.status).toBe(201);
  const { token } = (await reg.json()) as { token: string };
  const all: Observation[] = [];
  let since = '0';
  for (;;) {
    const res = await fetch(`${origin}/api/v1/observations?since=${since}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { changes: Observation[]; next: string; more: boolean };
    all.push(...page.changes);
    since = page.next;
    if (!page.more) return all;
  }
}

/** How many times each of `ids` is held by the server (live, not deleted). */
export async function heldCounts(origin: string, ids: readonly string[]): Promise<number[]> {
  const held = (await serverHolds(origin)).filter((o) => !o.deleted);
  return ids.map((id) => held.filter((o) => o.id === id).length);
}
