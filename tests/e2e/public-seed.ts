/**
 * Devices on the public map for the public page's end-to-end tests and benchmark: pushed through
 * the real API by a walker's device, then made public the way the server makes them public.
 */
import { destination } from '../../src/core/geometry.ts';
import { newObservation } from '../../src/core/observation-factory.ts';
import type { Observation } from '../../src/core/observation.ts';
import { moderatorToken } from './sync-helpers.ts';

/** A camera on the Grand-Place looking east (90°): its cone reaches 40 m east. */
export const KNOWN_CAMERA = { lon: 4.3525, lat: 50.8467 } as const;

const at = new Date('2026-03-14T10:20:00Z');
const place = (kind: Observation['kind'], lon: number, lat: number, details: Observation['details'] = {}): Observation =>
  newObservation({ kind, position: { lon, lat, accuracy: 5, source: 'gps' }, details, notes: 'walker note, never public' }, at);

/** Seven devices in three communes: Bruxelles (21004), Ixelles (21009), Schaerbeek (21015); the last is to be removed. */
export function publicDevices(): Observation[] {
  return [
    place('camera', KNOWN_CAMERA.lon, KNOWN_CAMERA.lat, { direction: [{ bearing: 90 }], operator: 'Ville de Bruxelles', signage: 'none' }),
    place('camera', 4.3545, 50.8481, { direction: [{ bearing: 200 }], operator: 'Ville de Bruxelles' }),
    place('alpr', 4.3602, 50.8449, { direction: [{ bearing: 10 }] }),
    place('camera', 4.3720, 50.8270, { operator: 'STIB' }),
    place('antenna', 4.3690, 50.8300),
    place('ad_screen', 4.3770, 50.8620),
    place('camera', 4.3790, 50.8640, { direction: [{ bearing: 0 }] }),
    place('camera', 4.3800, 50.8650, { direction: [{ bearing: 0 }] }),
  ];
}

/** A line through the known camera's cone (60 m west to 60 m east of it), and one 2 km north. */
export const THROUGH_CONE: [number, number][] = [destination(KNOWN_CAMERA.lon, KNOWN_CAMERA.lat, 270, 60), destination(KNOWN_CAMERA.lon, KNOWN_CAMERA.lat, 90, 60)];
export const FAR_AWAY: [number, number][] = [destination(KNOWN_CAMERA.lon, KNOWN_CAMERA.lat, 0, 2000), destination(KNOWN_CAMERA.lon, KNOWN_CAMERA.lat, 10, 2300)];

/** Pushes `observations` as one walker's device; a moderator publishes them, then marks `removed` (ids) as gone from the street. */
export async function seedPublic(server: { origin: string; dataDir: string }, observations: readonly Observation[], removed: readonly string[] = []): Promise<void> {
  const { origin } = server;
  const reg = await fetch(`${origin}/api/v1/devices`, { method: 'POST' });
  const { token } = (await reg.json()) as { token: string };
  for (let i = 0; i < observations.length; i += 500) {
    const res = await fetch(`${origin}/api/v1/observations/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ changes: observations.slice(i, i + 500).map((o) => ({ ...o, baseVersion: null })) }),
    });
    if (res.status !== 200) throw new Error(`seeding answered ${res.status}: ${await res.text()}`);
  }
  const moderator = moderatorToken(server);
  const decide = async (decisions: object[]) => {
    for (let i = 0; i < decisions.length; i += 500) {
      const res = await fetch(`${origin}/api/v1/moderation/decisions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${moderator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ decisions: decisions.slice(i, i + 500) }),
      });
      if (res.status !== 200) throw new Error(`moderation answered ${res.status}: ${await res.text()}`);
    }
  };
  await decide(observations.map((o) => ({ decision: 'publish', id: o.id })));
  await decide(removed.map((id) => ({ decision: 'remove', id, on: '2026-10-01' })));
}
