/**
 * Shared set-up for the store tests: a fresh in-memory IndexedDB per test (fake-indexeddb), and
 * observations and photos built through the core factory.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect } from 'vitest';
import { newObservation, type NewObservationInput } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { openDb, type ContrechampDb, type PhotoRecord } from '../../../src/store/db.ts';
import { StoreError } from '../../../src/store/errors.ts';
import { forgetPersistenceRequest } from '../../../src/store/storage.ts';

export const T0 = new Date('2026-11-28T10:00:00.000Z');

/** Minutes after T0, as a Date. */
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export function makeObservation(input: Partial<NewObservationInput> = {}, now: Date = T0): Observation {
  return newObservation(
    {
      kind: 'camera',
      position: { lon: 4.3517, lat: 50.8466, accuracy: 8, source: 'gps' },
      details: { cameraType: 'dome', direction: [{ bearing: 90 }] },
      ...input,
    },
    now,
  );
}

export function makePhoto(seed: number): PhotoRecord {
  const bytes = new Uint8Array(64).fill(seed);
  return {
    hash: seed.toString(16).padStart(2, '0').repeat(32),
    type: 'image/jpeg',
    data: bytes.buffer,
    width: 8,
    height: 8,
    size: bytes.byteLength,
  };
}

/** Installs a fresh IndexedDB before each test and opens the database; closes it after. */
export function useFreshDb(): { db: () => ContrechampDb } {
  let db: ContrechampDb | null = null;
  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory();
    forgetPersistenceRequest();
    db = await openDb();
  });
  afterEach(() => {
    db?.close();
    db = null;
  });
  return {
    db: () => {
      if (!db) throw new Error('the database is opened in beforeEach');
      return db;
    },
  };
}

/** The StoreError `promise` rejects with (fails the test if it resolves or rejects with anything else). */
export async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}
