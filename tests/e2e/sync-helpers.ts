/**
 * Shared steps of the sync end-to-end tests: a page with observations waiting offline, reading the
 * badge, and reading what the server holds through its own API (the moderation queue, as a moderator would).
 */
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { Observation } from '../../src/core/observation.ts';
import { openDb } from '../../src/server/db.ts';
import { addModerator } from '../../src/server/tokens.ts';
import { tid, type E2E } from './harness.ts';
import { readStores } from './page-database.ts';
import { drawnJpeg, logCamera } from './ui-steps.ts';

export async function pendingOf(page: Page): Promise<number> {
  return Number(await page.locator(tid('sync-status')).getAttribute('data-pending'));
}

/** How many changes the page's IndexedDB still holds for the server (outbox entries and queued actions). */
async function waitingIn(page: Page): Promise<number> {
  const { outbox, actions } = await readStores(page, { outbox: 'count', actions: 'count' });
  return outbox + actions;
}

/**
 * Waits until everything the page saved has reached the server: its outbox and queued actions are
 * empty (an entry leaves only on the server's acknowledgement), then the badge says so too. The badge
 * alone is not enough: it re-reads its count after the next paint, so right after a save it may
 * still say 0 for a moment.
 */
export async function allSent(page: Page, timeout = 30_000): Promise<void> {
  await expect.poll(() => waitingIn(page), { timeout, interval: 250 }).toBe(0);
  await expect.poll(() => pendingOf(page), { timeout }).toBe(0);
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

export interface ServerFiles {
  origin: string;
  dataDir: string;
}

const moderators = new Map<string, string>();

/** A moderator token for a running server, as `npm run server -- moderator add` makes one (one per DATA_DIR). */
export function moderatorToken(server: ServerFiles): string {
  let token = moderators.get(server.dataDir);
  if (!token) {
    const db = openDb(server.dataDir);
    try {
      token = addModerator(db, `e2e ${moderators.size + 1}`);
    } finally {
      db.close();
    }
    moderators.set(server.dataDir, token);
  }
  return token;
}

/** Everything waiting for moderation on the server (what walkers sent), read through the moderation
 * queue with a moderator token, oldest first. */
export async function serverHolds(server: ServerFiles): Promise<Observation[]> {
  const token = moderatorToken(server);
  const all: Observation[] = [];
  let after = 0;
  for (;;) {
    const res = await fetch(`${server.origin}/api/v1/moderation/queue?after=${after}&limit=200`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { observation: Observation }[]; next: number; more: boolean };
    all.push(...page.items.map((i) => i.observation));
    after = page.next;
    if (!page.more) return all;
  }
}

/** How many times each of `ids` is held by the server (live, not deleted). */
export async function heldCounts(server: ServerFiles, ids: readonly string[]): Promise<number[]> {
  const held = (await serverHolds(server)).filter((o) => !o.deleted);
  return ids.map((id) => held.filter((o) => o.id === id).length);
}
