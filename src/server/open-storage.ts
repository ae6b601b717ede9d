/**
 * The `Storage` the configuration chooses: PostgreSQL + PostGIS when `databaseUrl` is set
 * (pg-storage.ts), otherwise the SQLite file in `dataDir` (sqlite-storage.ts). Either is created or
 * migrated on opening. Throws an Error with a clear message when PostgreSQL cannot be reached.
 */
import type { BatchOptions } from './observation-store.ts';
import { PgStorage } from './pg-storage.ts';
import { SqliteStorage } from './sqlite-storage.ts';
import type { Storage } from './storage.ts';

export async function openStorage(config: { dataDir: string; databaseUrl?: string | null }, batch: BatchOptions = {}): Promise<Storage> {
  return config.databaseUrl ? PgStorage.open(config.databaseUrl, batch) : SqliteStorage.open(config.dataDir, batch);
}
