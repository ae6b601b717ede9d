/**
 * The app is a real PWA: installable manifest with real icons, a service worker that controls
 * the first load, an app shell (MapLibre and its worker included) that reloads offline. The
 * public page (/explore/), which visitors load online, leaves its own files out of that shell.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestChunk } from 'vite';
import { describe, expect, it } from 'vitest';
import { filesOnlyReachedBy, reachableFiles, type FileGraph } from '../../scripts/pwa/entry-only-files.ts';
import { mapKindImages } from './map-images.ts';
import { evaluate, tid, useApp, waitForController } from './harness.ts';

const app = useApp();

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/**
 * The chunk graph of the build, from Vite's manifest (dist/.vite/manifest.json): each file → what it
 * loads, and each entry (by name) → its chunk and its HTML page.
 */
function builtGraph(distDir: string): { graph: FileGraph; entries: Map<string, string[]> } {
  const manifest = viteManifest(distDir);
  const file = (key: string) => manifest[key]!.file;
  const graph = new Map<string, string[]>();
  const entries = new Map<string, string[]>();
  for (const [key, chunk] of Object.entries(manifest)) {
    graph.set(chunk.file, [...(chunk.imports ?? []).map(file), ...(chunk.dynamicImports ?? []).map(file), ...(chunk.css ?? []), ...(chunk.assets ?? [])]);
    if (chunk.isEntry) entries.set(chunk.name!, [chunk.file, key]);
  }
  return { graph, entries };
}

function lazyChunks(distDir: string): Set<string> {
  return new Set(Object.values(viteManifest(distDir)).filter((chunk) => chunk.isDynamicEntry).map((chunk) => chunk.file));
}

function viteManifest(distDir: string): Record<string, ManifestChunk> {
  return JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the PWA', () => {
  it('has a manifest with real icons, maskable included, and Chromium finds it installable', async () => {
    const { page, server } = app;
    await page.goto('/');
    const href = await page.getAttribute('link[rel="manifest"]', 'href');
    expect(href).toBeTruthy();
    const manifest = (await (await fetch(new URL(href!, server.origin))).json()) as {
      name: string;
      short_name: string;
      lang: string;
      start_url: string;
      display: string;
      theme_color: string;
      background_color: string;
      icons: ManifestIcon[];
    };
    expect(manifest).toMatchObject({ name: 'Contrechamp', lang: 'fr', start_url: '/', display: 'standalone' });
    expect(manifest.short_name.length).toBeLessThanOrEqual(12);
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    for (const icon of manifest.icons) {
      const response = await fetch(new URL(icon.src, server.origin));
      expect(response.headers.get('content-type')).toContain('image/png');
      const [w, h] = icon.sizes.split('x').map(Number);
      expect(pngSize(Buffer.from(await response.arrayBuffer()))).toEqual({ width: w, height: h });
    }
    const sizes = manifest.icons.map((i) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((i) => i.purpose?.split(' ').includes('maskable'))).toBe(true);

    await waitForController(page);
    const cdp = await app.context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    // Every browser context is incognito-like; that is the harness, not the app.
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  });

  it('is controlled by the service worker from the first load', async () => {
    const { page, server } = app;
    await page.goto('/');
    const scriptURL = await waitForController(page);
    expect(scriptURL).toBe(`${server.origin}/sw.js`);
  });

  it("precaches everything the walker's page reaches and nothing the public page alone reaches", async () => {
    const { page } = app;
    await page.goto('/');
    await waitForController(page);
    const cached = await evaluate(
      page,
      async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) {
          for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
        }
        return urls;
      },
      undefined,
    );
    const { graph, entries } = builtGraph(app.distDir);
    const walker = reachableFiles(graph, entries.get('index')!);
    const publicOnly = filesOnlyReachedBy(graph, entries, 'explore');
    // The public page's entry, its styles and its lazy pages and catalogues are its alone.
    const exploreEntry = entries.get('explore')!;
    expect([...publicOnly]).toEqual(expect.arrayContaining(exploreEntry));
    expect([...publicOnly].some((file) => file.endsWith('.css'))).toBe(true);
    expect([...publicOnly].filter((file) => lazyChunks(app.distDir).has(file)).length).toBeGreaterThan(0);
    // What both pages load (the schemas, the map's modules) is the walker's too.
    expect([...reachableFiles(graph, exploreEntry)].some((file) => walker.has(file) && file.endsWith('.js'))).toBe(true);

    for (const file of walker) expect(cached).toContain(`/${file}`);
    for (const file of publicOnly) expect(cached).not.toContain(`/${file}`);
    // Exactly: every built asset but the public page's own, workers and their imports included
    // (they are outside the page's import graph).
    const assets = readdirSync(join(app.distDir, 'assets'))
      .map((f) => `assets/${f}`)
      .filter((f) => !publicOnly.has(f));
    expect(cached.filter((u) => u.startsWith('/assets/')).sort()).toEqual(assets.map((f) => `/${f}`).sort());
    expect(cached).toContain('/index.html');
    expect(cached).toContain('/manifest.webmanifest');
    expect(cached.some((u) => /maplibre/i.test(u))).toBe(true);
    for (const file of ['map-sprite.json', 'map-sprite.png', 'map-sprite@2x.json', 'map-sprite@2x.png']) {
      expect(cached.some((u) => u.endsWith(`/icons/${file}`))).toBe(true);
    }
  });

  it('reloads offline, on the start page and on an in-app route', async () => {
    const { page, context } = app;
    await page.goto('/');
    await waitForController(page);
    await page.locator(tid('log-button')).waitFor();

    await context.setOffline(true);
    await page.reload();
    await page.locator(tid('log-button')).waitFor();
    await page.goto('/#/settings');
    // The walker's catalogues are lazy chunks of their own, cached with the shell.
    await page.locator(tid('language-select')).selectOption('nl');
    await expect.poll(() => page.locator(tid('nav-list')).textContent()).toContain('Lijst');
    // A deep path the server never served to this browser: answered by the precached shell.
    await page.goto('/some/path/never/seen');
    await page.locator(tid('nav-list')).waitFor();
    expect(await evaluate(page, () => navigator.onLine, undefined)).toBe(false);
    // The map and its kind badges, from the precache.
    await page.goto('/?test=1#/map');
    expect((await mapKindImages(page)).missing).toEqual([]);
  });
});
