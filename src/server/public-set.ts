/**
 * The set of devices the public sees, for the outputs built on the open-data feed (OGC API, CSV,
 * Atom). It reads only what the feed reads (`ObservationStore.published()`, the one place that
 * decides what is public and in what form: published and removed devices, no walker's notes), and
 * places each device in its commune.
 *
 * Kept in memory and rebuilt when the database has changed since (SQLite's `total_changes()` for
 * this connection, `PRAGMA data_version` for commits by other processes such as the CLI), so that
 * an OGC request costs a filter over an array, not a parse of the whole table.
 */
import { communeOf } from '../core/communes.ts';
import { publicFeatureSchema, statusOf, type PublicFeature, type PublicStatus } from '../core/public-device.ts';
import type { Db } from './db.ts';
import type { ObservationStore } from './observation-store.ts';

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
  private readonly version: () => string;

  constructor(
    db: Db,
    private readonly observations: ObservationStore,
  ) {
    const changes = db.prepare('SELECT total_changes()').pluck();
    const dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.version = () => `${changes.get() as number}:${dataVersion.get() as number}`;
  }

  /** Every public device, standing and removed, in public id order. */
  all(): readonly PublicEntry[] {
    const key = this.version();
    if (key !== this.key) {
      this.entries = this.read();
      this.key = key;
    }
    return this.entries;
  }

  private read(): PublicEntry[] {
    const out: PublicEntry[] = [];
    for (const page of this.observations.published()) {
      for (const raw of page) {
        const feature = publicFeatureSchema.parse(raw);
        const [lon, lat] = feature.geometry.coordinates;
        out.push({ feature, lon, lat, status: statusOf(feature.properties), commune: communeOf(lon, lat) });
      }
    }
    return out;
  }
}
