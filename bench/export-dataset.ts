/**
 * Plausible observations around Brussels for the export benchmarks (Node and Chromium alike), and
 * a fake JPEG of a given size for photos. Built without the schema, so making them is not measured.
 */
import type { Observation } from '../src/core/observation.ts';
import { KINDS, type Kind } from '../src/core/taxonomy.ts';

const DETAILS: Partial<Record<Kind, Observation['details']>> = {
  camera: { cameraType: 'dome', mount: 'wall', direction: 135, zone: 'town', operator: 'Ville de Bruxelles' },
  alpr: { purpose: 'lez', direction: 270, operator: 'Bruxelles Environnement' },
  antenna: { structure: 'mast', fiveG: 'yes', operator: 'Proximus' },
  drone: { start: '2026-05-01T14:00:00Z', end: '2026-05-01T15:00:00Z', context: 'demonstration' },
};

/** Every `photoEvery`-th observation names a photo of its own (hash = its index, hex). */
export function dataset(count: number, photoEvery = 5): Observation[] {
  const out: Observation[] = [];
  for (let i = 0; i < count; i += 1) {
    const kind = KINDS[i % KINDS.length] as Kind;
    const hex = i.toString(16).padStart(12, '0');
    out.push({
      id: `01900000-0000-7000-8000-${hex}`,
      kind,
      position: { lon: 4.3 + ((i * 7919) % 100_000) / 1e6, lat: 50.8 + ((i * 104_729) % 100_000) / 1e6, accuracy: 8, source: 'gps' },
      observedAt: '2026-05-01T14:32:10.123+02:00',
      createdAt: '2026-05-01T12:32:10.123Z',
      updatedAt: '2026-05-01T12:32:10.123Z',
      version: 1,
      certainty: 'seen',
      notes: i % 3 === 0 ? 'Caméra au coin, "dôme", vue sur la place' : '',
      photos: photoEvery > 0 && i % photoEvery === 0 ? [i.toString(16).padStart(64, '0')] : [],
      details: DETAILS[kind] ?? {},
    });
  }
  return out;
}

/** JPEG-looking bytes (SOI … EOI) of `size` bytes with incompressible content. */
export function fakeJpegBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let x = 12345;
  for (let i = 0; i < size; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
}
