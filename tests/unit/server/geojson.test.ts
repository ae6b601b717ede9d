import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newObservation } from '../../../src/core/observation-factory.ts';
import { LATE_EVENING, asCreate, call, drone as makeDrone, publicIdOn, publishAll, pushBatch, registerDevice, startServer, tempDir, type TestServer } from './server-harness.ts';

let s: TestServer;
let token: string;
const at = LATE_EVENING;
const cam = newObservation(
  {
    kind: 'camera',
    position: { lon: 4.3517, lat: 50.8466, accuracy: 6, source: 'gps' },
    details: { direction: [{ bearing: 90 }], operator: 'Zone de police Bruxelles-Capitale Ixelles' },
    walkId: '019ad0c4-1111-7000-8000-0000000000bb',
  },
  at,
);
const drone = makeDrone(at);

beforeAll(async () => {
  s = await startServer();
  token = await registerDevice(s.url);
  await pushBatch(s.url, token, [asCreate(cam), asCreate(drone)]);
  await publishAll(s, [cam.id, drone.id]);
});
afterAll(() => s.close());

describe('GET /api/v1/observations.geojson', () => {
  it('is an RFC 7946 FeatureCollection, lon/lat, with the day only for a fixed device', async () => {
    const r = await call(`${s.url}/api/v1/observations.geojson`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(r.body.type).toBe('FeatureCollection');
    const f = r.body.features.find((x: { id: string }) => x.id === publicIdOn(s, cam.id));
    expect(f.properties.id).toBe(f.id);
    expect(f.geometry).toEqual({ type: 'Point', coordinates: [4.3517, 50.8466] });
    expect(f.properties.observedOn).toBe('2026-11-28');
    // The walker's time of day appears nowhere in a fixed device's feature (a drone's time is public).
    const text = JSON.stringify(f);
    expect(text).not.toContain('22:37');
    expect(text).not.toContain('23:37');
    const all = JSON.stringify(r.body);
    // Known by its public id: the author's UUIDv7 tells when it was made.
    expect(all).not.toContain(cam.id);
    expect(all).not.toContain(cam.walkId);
    expect(all).not.toContain(token);
    expect(f.properties).not.toHaveProperty('createdAt');
    expect(f.properties).not.toHaveProperty('device');
  });

  it('keeps the time window of a drone', async () => {
    const r = await call(`${s.url}/api/v1/observations.geojson`);
    const f = r.body.features.find((x: { id: string }) => x.id === publicIdOn(s, drone.id));
    expect(f.properties).toMatchObject({ kind: 'drone', details: { start: '2026-11-28T13:00:00Z', end: '2026-11-28T15:30:00Z' } });
  });

  it('is read by GDAL (ogrinfo) as two points', async (ctx) => {
    try {
      execFileSync('ogrinfo', ['--version']);
    } catch {
      ctx.skip('ogrinfo (gdal-bin) is not installed');
    }
    const dir = tempDir('geojson');
    const file = path.join(dir, 'feed.geojson');
    fs.writeFileSync(file, await (await fetch(`${s.url}/api/v1/observations.geojson`)).text());
    const out = execFileSync('ogrinfo', ['-ro', '-al', '-so', file], { encoding: 'utf8' });
    expect(out).toMatch(/Geometry: Point/);
    expect(out).toMatch(/Feature Count: 2/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
