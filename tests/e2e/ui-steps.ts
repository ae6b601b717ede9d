/**
 * Steps that several end-to-end tests take through the UI: logging a camera, and drawing a JPEG in
 * the browser to log as its photo.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
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

/** A picture to draw: a background and one filled rectangle `[x, y, width, height]`. */
export interface Picture {
  width: number;
  height: number;
  background: string;
  fill: string;
  rect: [number, number, number, number];
}

/** A JPEG (quality 0.9) drawn by the browser. */
export async function drawnJpeg(page: Page, picture: Picture): Promise<Buffer> {
  const base64 = await evaluate(
    page,
    async (p: Picture) => {
      const canvas = new OffscreenCanvas(p.width, p.height);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = p.background;
      ctx.fillRect(0, 0, p.width, p.height);
      ctx.fillStyle = p.fill;
      ctx.fillRect(...p.rect);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    picture,
    20_000,
  );
  return Buffer.from(base64, 'base64');
}
