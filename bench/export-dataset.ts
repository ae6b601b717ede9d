/**
 * Plausible observations around Brussels for every benchmark (codecs, export in Node and Chromium,
 * server), and a fake JPEG of a given size for photos. Built without the schema, so making them is not measured.
 */
import type { Observation } from '../src/core/observation.ts';
import { KINDS, type Kind } from '../src/core/taxonomy.ts';

const DETAILS: Partial<Record<Kind, Observation['details']>> = {
  camera: { cameraType: 'dome', mount: 'wall', direction: [{ bearing: 135 }], zone: 'town', operator: 'Ville de Bruxelles' },
  alpr: { purpose: 'lez', direction: [{ bearing: 270 }], operator: 'Bruxelles Environnement' },
  antenna: { structure: 'mast', fiveG: 'yes', operator: 'Proximus' },
  drone: { start: '2026-05-01T14:00:00Z', end: '2026-05-01T15:00:00Z', context: 'demonstration' },
};

export interface BenchObservationOptions {
  /** Every `photoEvery`-th observation names a photo (0: none). */
  photoEvery?: number;
  /** Each photo its own hash (its index, hex: the export benchmarks store them), or one hash for all. */
  ownPhotos?: boolean;
  /** Goes into the id, so that runs against one server do not collide. */
  run?: number;
}

/** The `i`-th observation of a benchmark dataset. */
export function benchObservation(i: number, options: BenchObservationOptions = {}): Observation {
  const { photoEvery = 5, ownPhotos = true, run = 0 } = options;
  const kind = KINDS[i % KINDS.length] as Kind;
  const photo = ownPhotos ? i.toString(16).padStart(64, '0') : 'a'.repeat(64);
  return {
    id: `0190${run.toString(16).padStart(4, '0')}-0000-7000-8000-${i.toString(16).padStart(12, '0')}`,
    kind,
    position: { lon: 4.3 + ((i * 7919) % 100_000) / 1e6, lat: 50.8 + ((i * 104_729) % 100_000) / 1e6, accuracy: 8, source: 'gps' },
    observedAt: '2026-05-01T14:32:10.123+02:00',
    createdAt: '2026-05-01T12:32:10.123Z',
    updatedAt: '2026-05-01T12:32:10.123Z',
    version: 1,
    certainty: 'seen',
    notes: i % 3 === 0 ? 'Caméra au coin, "dôme", vue sur la place' : '',
    photos: photoEvery > 0 && i % photoEvery === 0 ? [photo] : [],
    details: DETAILS[kind] ?? {},
  };
}

/** `count` observations; every `photoEvery`-th names a photo of its own unless `ownPhotos` is false. */
export function dataset(count: number, photoEvery = 5, ownPhotos = true): Observation[] {
  return Array.from({ length: count }, (_, i) => benchObservation(i, { photoEvery, ownPhotos }));
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
