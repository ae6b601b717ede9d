/**
 * Shared steps of the sync end-to-end tests: logging observations through the UI, reading the
 * badge, and reading what the server holds through its own API (as another device would).
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Observation } from '../../src/core/observation.ts';
import { evaluate, tid } from './harness.ts';

/** Logs a camera through the UI (the current route must show the navigation); returns its id. */
export async function logCamera(page: Page, notes: string, photo?: Buffer): Promise<string> {
  await page.locator(tid('log-button')).click();
  await page.locator(tid('kind-camera')).click();
  const form = page.locator(tid('observation-form'));
  await form.waitFor();
  await expect.poll(() => page.locator(tid('position-status')).textContent()).toMatch(/\d/);
  await page.locator(tid('notes-input')).fill(notes);
  if (photo) {
    await page.locator(tid('photo-input')).setInputFiles({ name: 'camera.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.locator('img[data-hash]').waitFor();
  }
  await page.locator(tid('save-observation')).click();
  const list = page.locator(tid('observation-list'));
  await list.waitFor();
  // The newest first: the row whose notes we just typed.
  const row = list.locator(tid('observation-item'), { hasText: notes });
  await row.waitFor();
  const id = await row.getAttribute('data-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id!;
}

export async function pendingOf(page: Page): Promise<number> {
  return Number(await page.locator(tid('sync-status')).getAttribute('data-pending'));
}

/** A JPEG drawn by the browser (different for each seed). */
export async function browserJpeg(page: Page, seed: number): Promise<Uint8Array> {
  const base64 = await evaluate(
    page,
    async (s: number) => {
      const canvas = new OffscreenCanvas(1200, 900);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = `rgb(${(s * 40) % 255}, 90, 140)`;
      ctx.fillRect(0, 0, 1200, 900);
      ctx.fillStyle = '#eee';
      ctx.fillRect(200 + s, 200, 600, 400);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    seed,
    20_000,
  );
  return new Uint8Array(Buffer.from(base64, 'base64'));
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
