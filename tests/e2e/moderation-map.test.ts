/**
 * The collective's map beyond the queue, end to end in Chromium against the real server (every
 * device due for "still there?": RECHECK_DAYS=0): a moderator finds a published device on the
 * Moderation view's map (not in any queue) and marks it removed on the day it was seen gone,
 * offline (the sync badge counts the decision until it is sent); a
 * walker says a device changed, the moderator sees both and publishing the new one removes the old;
 * a walker taps a due device on the map view and answers "still there?" yes: the server counts it;
 * an edit made offline of an observation merged meanwhile comes back as a conflict naming the survivor.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newObservation } from '../../src/core/observation-factory.ts';
import { brusselsDay } from '../../src/core/public-time.ts';
import { DB_FILE } from '../../src/server/db.ts';
import { BRUSSELS, startServer, tid, useApp } from './harness.ts';
import { seedPublic } from './public-seed.ts';
import { allSent, moderatorToken } from './sync-helpers.ts';
import { logCamera } from './ui-steps.ts';

const app = useApp({ server: (dist) => startServer(dist, { RECHECK_DAYS: '0' }) });

/** Puts the moderator token in the settings of `page` and opens the Moderation view. */
async function openModeration(page: Page, token: string): Promise<void> {
  await page.goto('/?test=1#/settings');
  await page.locator(tid('moderator-token-input')).fill(token);
  await page.locator(tid('moderator-token-save')).click();
  await page.locator(tid('nav-moderate')).click();
  await page.locator(tid('moderation-map')).waitFor();
}

interface Feature {
  id: string;
  properties: { status: string; removedOn?: string; lastConfirmed?: string; confirmations?: number };
}

async function feature(origin: string, id: string): Promise<Feature | undefined> {
  const all = ((await (await fetch(`${origin}/api/v1/observations.geojson`)).json()) as { features: Feature[] }).features;
  return all.find((f) => f.id === id);
}

/** Public ids of the devices published at `lon, lat` (the feed's id, as other phones know them). */
async function publicIdAt(origin: string, lon: number, lat: number): Promise<string> {
  const all = ((await (await fetch(`${origin}/api/v1/observations.geojson`)).json()) as { features: (Feature & { geometry: { coordinates: number[] } })[] }).features;
  const hit = all.find((f) => Math.abs(f.geometry.coordinates[0]! - lon) < 1e-7 && Math.abs(f.geometry.coordinates[1]! - lat) < 1e-7);
  if (!hit) throw new Error(`nothing published at ${lon}, ${lat}`);
  return hit.id;
}

/** Waits until the page's map draws `id` in its shared layer, then taps it. */
async function tapSharedDevice(page: Page, mapTestId: string, id: string, lon: number, lat: number): Promise<void> {
  await page.waitForFunction(
    (wanted) => {
      const map = (window as unknown as { __map?: { loaded(): boolean; getSource(s: string): { serialize(): { data: { features: { properties: { id: string } }[] } } } | undefined } }).__map;
      const data = map?.loaded() ? map.getSource('shared')?.serialize().data : undefined;
      return Boolean(data?.features?.some((f) => f.properties.id === wanted));
    },
    id,
    { timeout: 60_000 },
  );
  const canvas = page.locator(`${tid(mapTestId)} canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const point = await page.evaluate(
    async (p) => {
      const map = (window as unknown as { __map: { jumpTo(o: object): void; project(p: number[]): { x: number; y: number }; once(e: string, f: () => void): void; triggerRepaint(): void } }).__map;
      map.jumpTo({ center: p, zoom: 18 });
      await new Promise<void>((resolve) => {
        map.once('idle', () => resolve());
        map.triggerRepaint();
      });
      const { x, y } = map.project(p);
      return { x, y };
    },
    [lon, lat],
  );
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
}

describe('the collective’s map beyond the queue', () => {
  it('a moderator marks removed a published device found on the map, on the day it was seen gone', async () => {
    const { page, server } = app;
    const spot = { lon: 4.3401, lat: 50.8702 };
    await seedPublic(server, [newObservation({ kind: 'camera', position: { ...spot, accuracy: 5, source: 'gps' } })]);
    const publicId = await publicIdAt(server.origin, spot.lon, spot.lat);

    await openModeration(page, moderatorToken(server));
    await tapSharedDevice(page, 'moderation-map', publicId, spot.lon, spot.lat);

    const panel = page.locator(`${tid('map-device')}[data-id="${publicId}"]`);
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.getAttribute('data-state')).toBe('published');
    const yesterday = brusselsDay(new Date(Date.now() - 86_400_000).toISOString());
    await panel.locator(tid('removed-on')).fill(yesterday);
    // Decided offline: the badge counts the decision until it is sent.
    await app.context.setOffline(true);
    await panel.locator(tid('map-mark-removed')).click();
    await panel.waitFor({ state: 'detached' });
    const badge = page.locator(tid('sync-status'));
    await expect.poll(() => badge.getAttribute('data-decisions')).toBe('1');
    expect(Number(await badge.getAttribute('data-pending'))).toBeGreaterThanOrEqual(1);
    await app.context.setOffline(false);
    await expect.poll(() => badge.getAttribute('data-decisions'), { timeout: 30_000 }).toBe('0');
    await expect.poll(async () => (await feature(server.origin, publicId))?.properties, { timeout: 30_000 }).toMatchObject({ status: 'removed', removedOn: yesterday });
  });

  it('a walker says a device changed: the moderator sees both, and publishing the new one marks the old one removed', async () => {
    const { page: walker, context, server } = app;
    const spot = { lon: 4.3311, lat: 50.8631 };
    await seedPublic(server, [newObservation({ kind: 'camera', position: { ...spot, accuracy: 5, source: 'gps' } })]);
    const oldId = await publicIdAt(server.origin, spot.lon, spot.lat);
    await context.setGeolocation({ ...BRUSSELS, longitude: spot.lon, latitude: spot.lat });

    await walker.goto('/?test=1#/check');
    const check = walker.locator(`${tid('check-item')}[data-id="${oldId}"]`);
    await check.waitFor({ timeout: 30_000 });
    await check.locator(tid('still-there-changed')).click();
    await walker.locator(`${tid('kind-picker')} ${tid('supersedes-notice')}`).waitFor();
    await walker.locator(tid('kind-alpr')).click();
    await walker.locator(tid('supersedes-notice')).waitFor();
    await expect.poll(() => walker.locator(tid('position-status')).textContent()).toMatch(/\d/);
    // The device it replaces is no duplicate of it: no warning, though it stands a metre away.
    expect(await walker.locator(tid('duplicate-warning')).count()).toBe(0);
    await walker.locator(tid('save-observation')).click();
    const row = walker.locator(tid('observation-item')).first();
    await row.waitFor();
    const newId = (await row.getAttribute('data-id'))!;
    await allSent(walker);

    const { context: modContext } = await app.extraContext();
    const moderator = await modContext.newPage();
    await openModeration(moderator, moderatorToken(server));
    const item = moderator.locator(`${tid('moderation-item')}[data-id="${newId}"]`);
    await item.waitFor({ timeout: 30_000 });
    expect(await item.getAttribute('data-kind')).toBe('alpr');
    await item.locator(tid('moderation-supersedes')).waitFor();
    await item.locator(tid('moderate-select')).check();
    await moderator.locator(tid('moderate-confirm')).click();
    await item.waitFor({ state: 'detached' });
    await expect.poll(async () => (await feature(server.origin, oldId))?.properties.status, { timeout: 30_000 }).toBe('removed');
    const today = brusselsDay(new Date().toISOString());
    expect((await feature(server.origin, oldId))?.properties.removedOn).toBe(today);
  });

  it('a walker confirms a due device from the map: its last confirmation moves to today and counts the walker', async () => {
    const { page: walker, context, server } = app;
    const spot = { lon: 4.3655, lat: 50.8402 };
    await seedPublic(server, [newObservation({ kind: 'camera', position: { ...spot, accuracy: 5, source: 'gps' } })]);
    const id = await publicIdAt(server.origin, spot.lon, spot.lat);
    // Last seen long ago (its sightings set back in the server's file).
    const db = new Database(join(server.dataDir, DB_FILE));
    try {
      const own = db.prepare('SELECT id FROM observations WHERE public_id = ?').pluck().get(id);
      db.prepare("UPDATE sightings SET day = '2025-03-01', first_day = '2025-03-01' WHERE observation_id = ?").run(own);
      db.prepare("UPDATE observations SET last_confirmed = '2025-03-01', first_seen = '2025-03-01', seq = (SELECT max(seq) FROM observations) + 1 WHERE id = ?").run(own);
    } finally {
      db.close();
    }
    await context.setGeolocation({ ...BRUSSELS, longitude: spot.lon, latitude: spot.lat + 0.0002 });

    await walker.goto('/?test=1#/map');
    await tapSharedDevice(walker, 'observation-map', id, spot.lon, spot.lat);
    const panel = walker.locator(`${tid('map-device')}[data-id="${id}"]`);
    await panel.waitFor({ timeout: 30_000 });
    await panel.locator(tid('still-there-yes')).click();
    await panel.locator(tid('still-there-yes')).waitFor({ state: 'detached' });
    const today = brusselsDay(new Date().toISOString());
    await expect.poll(async () => (await feature(server.origin, id))?.properties, { timeout: 30_000 }).toMatchObject({ lastConfirmed: today, confirmations: 2 });
    // The answer has left the phone.
    await expect.poll(() => walker.locator(tid('sync-status')).getAttribute('data-pending'), { timeout: 30_000 }).toBe('0');
  });

  it('an edit made offline of an observation a moderator merged meanwhile is a conflict naming the survivor; the walker drops it', async () => {
    const { page: walker, context, server } = app;
    const spot = { lon: 4.3488, lat: 50.8245 };
    await seedPublic(server, [newObservation({ kind: 'camera', position: { ...spot, accuracy: 5, source: 'gps' } })]);
    const survivor = await publicIdAt(server.origin, spot.lon, spot.lat);
    await context.setGeolocation({ ...BRUSSELS, longitude: spot.lon, latitude: spot.lat });
    await walker.goto('/?test=1');
    await walker.locator(tid('log-button')).waitFor();
    const id = await logCamera(walker, 'the bank camera, once more');
    await allSent(walker);

    await context.setOffline(true);
    await walker.locator(`${tid('observation-item')}[data-id="${id}"] a`).click();
    await walker.locator(tid('edit-observation')).click();
    await walker.locator(tid('notes-input')).fill('two cameras, in fact');
    await walker.locator(tid('save-observation')).click();
    await walker.locator(`${tid('observation-detail')}[data-id="${id}"]`).waitFor();
    // Meanwhile a moderator merges it into the device already published there.
    const merged = await fetch(`${server.origin}/api/v1/moderation/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${moderatorToken(server)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decisions: [{ decision: 'merge', id, into: survivor }] }),
    });
    expect(merged.status).toBe(200);
    await context.setOffline(false);

    const notice = walker.locator(tid('conflict-notice'));
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.locator(tid('conflict-to-survivor')).getAttribute('data-survivor')).toBe(survivor);
    expect(await notice.locator(tid('conflict-keep-mine')).count()).toBe(0);
    await notice.locator(tid('conflict-keep-server')).click();
    await notice.waitFor({ state: 'detached' });
    expect(await walker.locator(tid('detail-notes')).textContent()).toBe('the bank camera, once more');
    await allSent(walker);
  });
});
