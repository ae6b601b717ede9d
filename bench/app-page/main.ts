/**
 * The page side of bench/run.ts: the app's own store and core, bundled by Vite and served on the
 * app's origin (so it shares the app's IndexedDB), driven from Node through playwright.
 */
import { newObservation } from '../../src/core/observation-factory.ts';
import { mapPointOf } from '../../src/core/map-point.ts';
import type { Observation } from '../../src/core/observation.ts';
import { openDb } from '../../src/store/db.ts';
import { applyImport } from '../../src/store/import.ts';
import { saveObservation } from '../../src/store/observations.ts';
import { seedKind, seedPosition } from './seed.ts';

/**
 * bare: one put in one store. read-then-puts: the save's former shape (a read of the record and of
 * its outbox entry, then two puts in two stores). batched: the save's shape now (the reads and
 * both puts issued together, one round trip). writes: a first version's save now (the observation and
 * its outbox entry added, its map point put, no read).
 */
export type RawShape = 'bare' | 'read-then-puts' | 'batched' | 'writes';

declare global {
  interface Window {
    benchSaves: (count: number) => Promise<number[]>;
    benchSeed: (count: number) => Promise<number>;
    benchBarePuts: (count: number, shape?: RawShape) => Promise<number[]>;
  }
}

/** Observations spread over central Brussels and over the last year, every kind in turn. */
function observation(i: number, now: number): Observation {
  const kind = seedKind(i);
  const details = kind === 'camera' ? { direction: [{ bearing: (i * 37) % 360 }] } : {};
  return newObservation(
    {
      kind,
      position: { ...seedPosition(i), accuracy: 8, source: 'gps' },
      details,
      notes: i % 3 === 0 ? `Caméra ${i} au coin de la rue` : '',
      observedAt: new Date(now - i * 60_000).toISOString(),
    },
    new Date(now - i * 60_000),
  );
}

window.benchSaves = async (count) => {
  const db = await openDb();
  const now = Date.now();
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const obs = observation(i, now);
      const start = performance.now();
      await saveObservation(db, obs);
      times.push(performance.now() - start);
    }
  } finally {
    db.close();
  }
  return times;
};

window.benchSeed = async (count) => {
  const db = await openDb();
  const now = Date.now();
  const observations = Array.from({ length: count }, (_, i) => observation(i, now));
  const start = performance.now();
  try {
    await applyImport(db, { observations });
  } finally {
    db.close();
  }
  return performance.now() - start;
};

/**
 * The save's floor: one strict put of the same records into a bare database (one store, key `id`,
 * the same two indexes), each its own readwrite transaction, through the raw IndexedDB API. The
 * other shapes (RawShape), still raw, in one strict transaction over two stores.
 */
window.benchBarePuts = async (count, shape = 'bare') => {
  const name = `bench-bare-${Date.now()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('observations', { keyPath: 'id' });
      store.createIndex('observedAt', 'observedAt');
      store.createIndex('kind', 'kind');
      open.result.createObjectStore('outbox', { keyPath: 'id' }).createIndex('queuedAt', 'queuedAt');
      open.result.createObjectStore('mapPoints', { keyPath: 'id' });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const now = Date.now();
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const obs = observation(i, now);
      const entry = { id: obs.id, version: obs.version, baseVersion: null, queuedAt: obs.observedAt, attempts: 0 };
      const start = performance.now();
      await new Promise<void>((resolve, reject) => {
        const stores = shape === 'bare' ? ['observations'] : shape === 'writes' ? ['observations', 'outbox', 'mapPoints'] : ['observations', 'outbox'];
        const tx = db.transaction(stores, 'readwrite', { durability: 'strict' });
        const observations = tx.objectStore('observations');
        if (shape === 'bare') observations.put(obs);
        else if (shape === 'writes') {
          observations.add(obs);
          tx.objectStore('outbox').add(entry);
          tx.objectStore('mapPoints').put(mapPointOf(obs));
        }
        else if (shape === 'batched') {
          observations.get(obs.id);
          tx.objectStore('outbox').get(obs.id);
          observations.put(obs);
          tx.objectStore('outbox').put(entry);
        } else {
          observations.get(obs.id);
          tx.objectStore('outbox').get(obs.id).onsuccess = () => {
            observations.put(obs);
            tx.objectStore('outbox').put(entry);
          };
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      times.push(performance.now() - start);
    }
  } finally {
    db.close();
    indexedDB.deleteDatabase(name);
  }
  return times;
};
