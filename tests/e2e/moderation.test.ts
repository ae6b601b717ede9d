/**
 * The collective's map end to end, in Chromium against the real server, with three devices: a
 * walker logs three cameras offline and sees them pending once synced; a moderator publishes one,
 * rejects one with a reason and merges the third into the first; the walker sees the three
 * outcomes; another walker's shared map holds exactly the published device; logging next to it
 * shows the duplicate warning, and "it is this one" raises its confirmations without a new device;
 * "still there?" yes moves its last confirmation to today.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { brusselsDay } from '../../src/core/public-time.ts';
import { DB_FILE } from '../../src/server/db.ts';
import { distanceMetres } from '../../src/core/geometry.ts';
import { BRUSSELS, tid, useApp } from './harness.ts';
import { readStores } from './page-database.ts';
import { allSent, moderatorToken } from './sync-helpers.ts';
import { logCamera } from './ui-steps.ts';

const app = useApp();

interface Feature {
  id: string;
  geometry: { coordinates: [number, number] };
  properties: { status: string; confirmations: number; lastConfirmed: string; firstSeen: string };
}

/** Where this attempt logs: a retry on the same server walks a kilometre further north. */
let attempt = 0;
let here: { latitude: number; longitude: number; accuracy: number } = { ...BRUSSELS };

/** The whole open-data feed. */
async function wholeFeed(origin: string): Promise<Feature[]> {
  return ((await (await fetch(`${origin}/api/v1/observations.geojson`)).json()) as { features: Feature[] }).features;
}

/** The feed's devices around this attempt's spot. */
async function feed(origin: string): Promise<Feature[]> {
  return (await wholeFeed(origin)).filter((f) => distanceMetres({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }, { lon: here.longitude, lat: here.latitude }) < 100);
}

/** The ids in the page's copy of the shared map (IndexedDB store `shared`), my own left out. */
async function sharedIds(page: Page): Promise<string[]> {
  const { shared, observations } = await readStores(page, { shared: 'keys', observations: 'keys' });
  const own = new Set(observations);
  return shared.filter((id) => !own.has(id));
}

const stateOf = (page: Page, id: string) => page.locator(`${tid('observation-item')}[data-id="${id}"] ${tid('publication-state')}`).getAttribute('data-state');

describe('moderation, confirmations and duplicates, end to end', () => {
  it('three devices: pending, decided, seen by the others, confirmed as a duplicate and as still there', async () => {
    const { page: walker, context, server } = app;
    here = { ...here, latitude: BRUSSELS.latitude + 0.01 * attempt++ };
    await context.setGeolocation(here);
    // --- the walker logs three cameras offline, syncs, and sees them pending
    await walker.goto('/?test=1');
    await walker.locator(tid('log-button')).waitFor();
    await context.setOffline(true);
    const ids: string[] = [];
    for (const note of ['above the bank', 'a lamp, in fact', 'the bank camera again']) ids.push(await logCamera(walker, note));
    await context.setOffline(false);
    await allSent(walker);
    for (const id of ids) await expect.poll(() => stateOf(walker, id), { timeout: 30_000 }).toBe('pending');
    expect(await feed(server.origin)).toEqual([]);

    // --- the moderator: token in the settings, then the queue
    const { context: modContext } = await app.extraContext();
    const moderator = await modContext.newPage();
    await moderator.goto('/?test=1#/settings');
    await expect(moderator.locator(tid('nav-moderate')).count()).resolves.toBe(0);
    await moderator.locator(tid('moderator-token-input')).fill(moderatorToken(server));
    await moderator.locator(tid('moderator-token-save')).click();
    await moderator.locator(tid('nav-moderate')).click();
    const item = (id: string) => moderator.locator(`${tid('moderation-item')}[data-id="${id}"]`);
    for (const id of ids) await item(id).waitFor({ timeout: 30_000 });
    expect(await item(ids[0]!).getAttribute('data-kind')).toBe('camera');

    await item(ids[0]!).locator(tid('moderate-select')).check();
    await moderator.locator(tid('moderate-confirm')).click();
    await item(ids[0]!).waitFor({ state: 'detached' });
    await item(ids[1]!).locator(tid('moderate-select')).check();
    await moderator.locator(tid('reject-reason')).selectOption('not_surveillance');
    await moderator.locator(tid('moderate-reject')).click();
    await item(ids[1]!).waitFor({ state: 'detached' });
    // Once the publication reached the server, the first is the third's duplicate candidate.
    const candidate = item(ids[2]!).locator(`${tid('merge-candidate')}[data-id="${ids[0]}"]`);
    await candidate.waitFor({ timeout: 30_000 });
    await item(ids[2]!).locator(tid('moderate-select')).check();
    await candidate.check();
    await moderator.locator(tid('moderate-merge')).click();
    await item(ids[2]!).waitFor({ state: 'detached' });
    // (A failed first attempt may have left its own items waiting.)
    if (attempt === 1) await moderator.locator(tid('moderation-empty')).waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await feed(server.origin)).length, { timeout: 30_000 }).toBe(1);

    // --- the walker learns the three outcomes on the next sync
    await walker.reload();
    await expect.poll(() => stateOf(walker, ids[0]!), { timeout: 30_000 }).toBe('published');
    await expect.poll(() => stateOf(walker, ids[1]!), { timeout: 30_000 }).toBe('rejected');
    await expect.poll(() => stateOf(walker, ids[2]!), { timeout: 30_000 }).toBe('merged');
    await walker.locator(`${tid('observation-item')}[data-id="${ids[1]}"] a`).click();
    await expect.poll(() => walker.locator(tid('rejection-reason')).getAttribute('data-reason')).toBe('not_surveillance');
    expect(await walker.locator(`${tid('observation-detail')} ${tid('publication-state')}`).getAttribute('data-state')).toBe('rejected');

    // --- another walker's shared map holds exactly the published device
    const [published] = await feed(server.origin);
    expect(published!.properties).toMatchObject({ status: 'published', confirmations: 1 });
    const { context: otherContext } = await app.extraContext({ geolocation: here });
    const other = await otherContext.newPage();
    await other.goto('/?test=1');
    await other.locator(tid('log-button')).waitFor();
    // (On a retry, the earlier attempt's device is public too: the shared map is the whole public set.)
    const everyPublic = (await wholeFeed(server.origin)).map((f) => f.id).sort();
    expect(everyPublic).toContain(published!.id);
    await expect.poll(async () => (await sharedIds(other)).sort(), { timeout: 30_000 }).toEqual(everyPublic);

    // --- logging next to it: the duplicate warning; "it is this one" confirms it, no new device
    await other.locator(tid('log-button')).click();
    await other.locator(tid('kind-camera')).click();
    await other.locator(tid('duplicate-warning')).waitFor({ timeout: 30_000 });
    expect(await other.locator(tid('duplicate-warning')).getAttribute('data-id')).toBe(published!.id);
    await other.locator(tid('duplicate-same')).click();
    await other.locator(tid('observation-list')).waitFor({ state: 'attached' });
    await expect.poll(async () => (await feed(server.origin))[0]?.properties.confirmations, { timeout: 30_000 }).toBe(2);
    expect(await feed(server.origin)).toHaveLength(1);
    expect(await other.locator(tid('observation-item')).count()).toBe(0);

    // --- a year and a half later (its sightings set back in the server's file): "still there?" yes
    const db = new Database(join(server.dataDir, DB_FILE));
    try {
      const id = db.prepare('SELECT id FROM observations WHERE public_id = ?').pluck().get(published!.id);
      db.prepare("UPDATE sightings SET day = '2025-05-01', first_day = '2025-05-01' WHERE observation_id = ?").run(id);
      db.prepare(
        "UPDATE observations SET last_confirmed = '2025-05-01', first_seen = '2025-05-01', seq = (SELECT max(seq) FROM observations) + 1 WHERE id = ?",
      ).run(id);
    } finally {
      db.close();
    }
    await expect.poll(async () => (await feed(server.origin))[0]?.properties.lastConfirmed).toBe('2025-05-01');
    await other.reload();
    await other.locator(tid('nav-check')).click();
    const check = other.locator(`${tid('check-item')}[data-id="${published!.id}"]`);
    await check.waitFor({ timeout: 30_000 });
    await check.locator(tid('still-there-yes')).click();
    await check.waitFor({ state: 'detached' });
    const today = brusselsDay(new Date().toISOString());
    await expect.poll(async () => (await feed(server.origin))[0]?.properties.lastConfirmed, { timeout: 30_000 }).toBe(today);
    expect((await feed(server.origin))[0]!.properties).toMatchObject({ status: 'published', confirmations: 2, firstSeen: '2025-05-01' });
  });
});
