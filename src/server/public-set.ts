/**
 * The set of devices the public sees, for the outputs built on the open-data feed (OGC API, CSV,
 * Atom). It reads only what the feed reads (`Storage.published()`, the one place that
 * decides what is public and in what form: published and removed devices, no walker's notes), and
 * places each device in its commune.
 *
 * Kept in memory and rebuilt when the storage's change mark moved (storage.ts), so that an OGC
 * request costs a filter over an array, not a parse of the whole table.
 */
import { communeOf } from '../core/communes.ts';
import { publicFeatureSchema, statusOf, type PublicFeature, type PublicStatus } from '../core/public-device.ts';
import type { Storage } from './storage.ts';

export interface PublicEntry {
  feature: PublicFeature;
  lon: number;
  lat: number;
  status: PublicStatus;
  /** NIS code, null outside the Region. */
  commune: string | null;
}

export class PublicSet {
  private key = '';
  private entries: PublicEntry[] = [];

  constructor(private readonly storage: Storage) {}

  /** Every public device, standing and removed, in public id order. */
  async all(): Promise<readonly PublicEntry[]> {
    const key = await this.storage.changeMark();
    if (key !== this.key) {
      this.entries = await this.read();
      this.key = key;
    }
    return this.entries;
  }

  private async read(): Promise<PublicEntry[]> {
    const out: PublicEntry[] = [];
    for await (const page of this.storage.published()) {
      for (const raw of page) {
        const feature = publicFeatureSchema.parse(raw);
        const [lon, lat] = feature.geometry.coordinates;
        out.push({ feature, lon, lat, status: statusOf(feature.properties), commune: communeOf(lon, lat) });
      }
    }
    return out;
  }
}
