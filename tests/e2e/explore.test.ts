/**
 * The public page (/explore/) as a visitor with no token, at 360 px and at 1280 px: the published
 * devices only (the count equals the feed's), a device page by its URL, filters, removed devices
 * only when asked for, commune counts that add up, route exposure, no request to another host
 * (the harness fails the test on one), and no serious accessibility violation (axe-core).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FAR_AWAY, THROUGH_CONE, publicDevices, seedPublic } from './public-seed.ts';
import { tid, useApp } from './harness.ts';
import { mapKindImages } from './map-images.ts';
import { moderatorToken } from './sync-helpers.ts';
import { BRUSSELS_COMMUNES } from '../../src/core/commune-list.ts';
import { communeOf } from '../../src/core/communes.ts';

const app = useApp();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Feed {
  features: { geometry: { coordinates: [number, number] }; properties: { id: string; kind: string; status?: string; details: Record<string, unknown> } }[];
}
let feed: Feed;
const standing = () => feed.features.filter((f) => f.properties.status !== 'removed');

beforeAll(async () => {
  const devices = publicDevices();
  await seedPublic(app.server, devices, [devices.at(-1)!.id]);
  feed = (await (await fetch(`${app.server.origin}/api/v1/observations.geojson`)).json()) as Feed;
  // A moderator links a document to the known camera (the one without a pictogram).
  const known = feed.features.find((f) => f.properties.details['signage'] === 'none')!.properties.id;
  const attached = await fetch(`${app.server.origin}/api/v1/moderation/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${moderatorToken(app.server)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ target: 'device', targetId: known, title: 'Réponse de la Ville', url: 'https://example.org/reponse.pdf', kind: 'access_answer', date: '2026-02-01' }),
  });
  expect(attached.status).toBe(201);
  // And a contract to the operator of that camera.
  const contract = await fetch(`${app.server.origin}/api/v1/moderation/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${moderatorToken(app.server)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ target: 'operator', targetId: OPERATOR, title: 'Contrat caméras', url: 'https://example.org/contrat.pdf', kind: 'contract', date: '2025-05-12' }),
  });
  expect(contract.status).toBe(201);
}, 120_000);

const OPERATOR = 'Ville de Bruxelles';

const count = async (page: Page): Promise<number> => Number(await page.locator(tid('public-count')).getAttribute('data-count'));

async function openMap(page: Page): Promise<void> {
  await page.goto('/explore/?test=1');
  await page.locator(tid('public-count')).waitFor();
  await page.waitForFunction(() => (window as unknown as { __map?: { loaded(): boolean } }).__map?.loaded(), null, { timeout: 60_000 });
}

/** axe-core run in the page (evaluated through the debugger, so the CSP stays as it is): serious or critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  })) as { id: string; impact: string; nodes: { target: string[] }[] }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function uploadLine(page: Page, line: [number, number][]): Promise<number> {
  const body = JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } });
  await page.locator(tid('route-file-input')).setInputFiles({ name: 'route.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(body) });
  const exposure = page.locator(tid('route-exposure'));
  await exposure.waitFor();
  return Number(await exposure.getAttribute('data-share'));
}

describe.each([
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
])('the public page at $width px', (viewport) => {
  it('shows the published devices only, filters them, and shows removed ones only when asked', async () => {
    const { page } = app;
    await page.setViewportSize(viewport);
    const requested: string[] = [];
    const onRequest = (r: { url(): string }) => requested.push(new URL(r.url()).pathname);
    page.on('request', onRequest);
    await openMap(page);
    page.off('request', onRequest);
    // The map reads its compact feed, not the whole GeoJSON feed.
    expect(requested).toContain('/api/v1/map.json');
    expect(requested).not.toContain('/api/v1/observations.geojson');
    expect(standing().length).toBe(7);
    expect(feed.features.length).toBe(8);
    expect(await count(page)).toBe(standing().length);
    // The map draws the same devices (clusters count their points).
    const drawn = await page.evaluate(() => {
      const map = (window as unknown as { __map: { getSource(id: string): { serialize(): { data: { features: unknown[] } } } } }).__map;
      return map.getSource('observations').serialize().data.features.length;
    });
    expect(drawn).toBe(standing().length);
    // Every kind's badge comes with the style's sprite (none drawn in the page).
    expect((await mapKindImages(page)).missing).toEqual([]);
    // The list beside the map shows each device's kind icon, decorative.
    const icons = page.locator('.device-list li svg[aria-hidden="true"] use');
    expect(await icons.count()).toBe(standing().length);

    await page.locator(tid('public-filter-kind')).selectOption('camera');
    expect(await count(page)).toBe(standing().filter((f) => f.properties.kind === 'camera').length);
    await page.locator(tid('public-filter-commune')).selectOption('21009');
    expect(await count(page)).toBe(1);
    await page.locator(tid('public-filter-kind')).selectOption('');
    await page.locator(tid('public-filter-commune')).selectOption('');
    expect(await count(page)).toBe(standing().length);

    await page.locator(tid('public-show-removed')).check();
    expect(await count(page)).toBe(feed.features.length);
    await page.locator(tid('public-show-removed')).uncheck();
    expect(await count(page)).toBe(standing().length);

    // Nothing is stored about the visitor: no storage, no cache, no database, no cookie, no worker.
    const stored = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      caches: (await caches.keys()).length,
      databases: (await indexedDB.databases()).length,
      cookie: document.cookie,
      workers: (await navigator.serviceWorker.getRegistrations()).length,
    }));
    expect(stored).toEqual({ local: 0, session: 0, caches: 0, databases: 0, cookie: '', workers: 0 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens a device page by its URL, and a not-found page for an unknown one', async () => {
    const { page } = app;
    await page.setViewportSize(viewport);
    // The known camera, with no legal pictogram.
    const first = standing().find((f) => f.properties.details['signage'] === 'none')!.properties;
    await page.goto(`/explore/device/${encodeURIComponent(first.id)}`);
    const devicePage = page.locator(tid('device-page'));
    await devicePage.waitFor();
    expect(await devicePage.getAttribute('data-id')).toBe(first.id);
    expect(await devicePage.getAttribute('data-status')).toBe('published');
    expect(Number(await page.locator(tid('device-confirmations')).getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
    expect(await page.locator(tid('device-last-confirmed')).textContent()).toMatch(/\d{4}-\d{2}-\d{2}/);
    // Its own document and its operator's.
    await page.locator(`${tid('device-documents')}[data-count="2"]`).waitFor();
    expect(await page.locator(tid('device-documents')).textContent()).toContain('Réponse de la Ville');
    expect(await page.locator(tid('device-documents')).textContent()).toContain('Contrat caméras');
    expect(await page.locator('[data-signage="none"]').count()).toBe(1);
    // Its commune, placed with the boundaries file the page fetches.
    const [lon, lat] = standing().find((f) => f.properties.id === first.id)!.geometry.coordinates;
    const commune = BRUSSELS_COMMUNES.find(([nis]) => nis === communeOf(lon, lat))!;
    await devicePage.getByText(commune[1], { exact: true }).waitFor();
    expect(await page.textContent('body')).not.toContain('walker note');
    expect(await seriousViolations(page)).toEqual([]);

    const gone = feed.features.find((f) => f.properties.status === 'removed')!.properties;
    await page.goto(`/explore/device/${encodeURIComponent(gone.id)}`);
    await page.locator(`${tid('device-page')}[data-status="removed"]`).waitFor();
    expect(await page.textContent('body')).toContain('2026-10-01');

    await page.goto('/explore/device/no-such-device');
    await page.locator(tid('not-found')).waitFor();
    expect(await page.locator(tid('not-found')).textContent()).toContain('Introuvable');
    await page.goto('/explore/no/such/page');
    await page.locator(tid('not-found')).waitFor();
  });

  it('opens an operator page from a device page and from the map filter, with its devices and documents', async () => {
    const { page } = app;
    await page.setViewportSize(viewport);
    const operated = standing().filter((f) => f.properties.details['operator'] === OPERATOR);
    expect(operated.length).toBe(2);
    const first = operated.find((f) => f.properties.details['signage'] === 'none')!.properties;
    await page.goto(`/explore/device/${encodeURIComponent(first.id)}`);
    await page.locator(tid('operator-link')).click();
    const operatorPage = page.locator(tid('operator-page'));
    await operatorPage.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/explore/operator/${encodeURIComponent(OPERATOR)}`);
    expect(await operatorPage.getAttribute('data-operator')).toBe(OPERATOR);
    expect(Number(await operatorPage.getAttribute('data-count'))).toBe(operated.length);
    expect(await page.locator(tid('operator-device')).count()).toBe(operated.length);
    expect(Number(await page.locator(tid('operator-unannounced')).getAttribute('data-count'))).toBe(1);
    await page.locator(`${tid('operator-documents')}[data-count="1"]`).waitFor();
    expect(await page.locator(tid('operator-documents')).textContent()).toContain('Contrat caméras');
    expect(await page.locator(tid('operator-documents')).textContent()).not.toContain('Réponse de la Ville');
    expect(await seriousViolations(page)).toEqual([]);

    // Shareable: the address alone opens it; the map's operator filter links to it.
    await page.goto(`/explore/operator/${encodeURIComponent(OPERATOR)}`);
    await page.locator(`${tid('operator-page')}[data-count="${operated.length}"]`).waitFor();
    await openMap(page);
    await page.locator(tid('public-filter-operator')).selectOption(OPERATOR);
    expect(await count(page)).toBe(operated.length);
    await page.locator(tid('operator-link')).click();
    await page.locator(`${tid('operator-page')}[data-operator="${OPERATOR}"]`).waitFor();

    // A name with neither device nor document.
    await page.goto('/explore/operator/Nobody%20at%20all');
    await page.locator(tid('not-found')).waitFor();
  });

  it('lists the communes with counts that add up to the feed, and their CSV', async () => {
    const { page } = app;
    await page.setViewportSize(viewport);
    await openMap(page);
    await page.locator(tid('public-nav-communes')).click();
    await page.locator(tid('commune-table')).waitFor();
    const counts = await page.locator(tid('commune-row')).evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset['count'])));
    expect(counts.length).toBeGreaterThanOrEqual(19);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(standing().length);
    expect(Number(await page.locator(`${tid('commune-row')}[data-nis="21004"]`).getAttribute('data-count'))).toBe(3);
    // Each commune links its own Atom feed, which holds its devices.
    const feedUrl = await page.locator(`${tid('commune-row')}[data-nis="21004"] a.feed-link`).getAttribute('href');
    const atom = await (await fetch(`${app.server.origin}${feedUrl}`)).text();
    expect(atom.match(/<entry>/g)).toHaveLength(3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid('commune-csv')).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('nis,name_fr,name_nl,area_km2,total,per_km2');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + counts.length);
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator(tid('public-nav-understand')).click();
    await page.goto('/explore/understand/camera');
    const explainer = page.locator(tid('kind-explainer'));
    await explainer.waitFor();
    expect(await explainer.textContent()).toContain('21 mars 2007');
  });

  it('measures the exposure of a route: above 0 through a known cone, 0 far away', async () => {
    const { page } = app;
    await page.setViewportSize(viewport);
    await openMap(page);
    expect(await uploadLine(page, THROUGH_CONE)).toBeGreaterThan(0);
    expect(await uploadLine(page, FAR_AWAY)).toBe(0);

    // Drawn by taps: two taps on the map, either side of the known camera's cone.
    const [west, east] = THROUGH_CONE as [[number, number], [number, number]];
    await page.evaluate((center) => {
      const map = (window as unknown as { __map: { jumpTo(o: object): void } }).__map;
      map.jumpTo({ center, zoom: 17 });
    }, [(west[0] + east[0]) / 2, (west[1] + east[1]) / 2]);
    await page.locator(tid('route-draw')).click();
    const canvas = page.locator(`${tid('public-map')} canvas`);
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    for (const point of THROUGH_CONE) {
      const { x, y } = (await page.evaluate((p) => {
        const map = (window as unknown as { __map: { project(p: number[]): { x: number; y: number } } }).__map;
        const { x, y } = map.project(p);
        return { x, y };
      }, point)) as { x: number; y: number };
      await page.mouse.click(box.x + x, box.y + y);
    }
    await expect.poll(async () => Number(await page.locator(tid('route-exposure')).getAttribute('data-share')), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.locator(tid('route-file-input')).setInputFiles({ name: 'x.geojson', mimeType: 'application/json', buffer: Buffer.from('{"type":"Point","coordinates":[4,50]}') });
    expect(await page.locator('[role="alert"]').textContent()).toContain('ligne');
  });
});
