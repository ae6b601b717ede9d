/**
 * Reading the page's own IndexedDB (database `contrechamp`, the stores of src/store/db.ts) from a
 * test, as the page holds it: one read-only transaction over the stores asked for, run in the page
 * under evaluate's timeout, so a database that never answers fails with a message.
 */
import type { Page } from 'playwright-core';
import { evaluate } from './harness.ts';

/** What to read of a store: how many records, their keys (as strings), or the records themselves. */
export type StoreRead = 'count' | 'keys' | 'records';

type ReadResult<R extends StoreRead> = R extends 'count' ? number : R extends 'keys' ? string[] : Array<Record<string, unknown>>;

/**
 * Reads each store named in `asked` in one transaction: `{ outbox: 'count', photos: 'records' }`
 * gives `{ outbox: number, photos: records[] }`. Binary fields of records (ArrayBuffer) come back
 * as base64 strings, which the page can hand over. Rejects if the page has no such database or store.
 */
export function readStores<Q extends Record<string, StoreRead>>(page: Page, asked: Q): Promise<{ [S in keyof Q]: ReadResult<Q[S]> }> {
  return evaluate(
    page,
    (query: Record<string, StoreRead>) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const open = indexedDB.open('contrechamp');
        // Opening without a version would make an empty database where the app has made none yet.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => reject(new Error(`cannot open the database contrechamp: ${String(open.error)}`));
        open.onsuccess = () => {
          const db = open.result;
          const names = Object.keys(query);
          let tx: IDBTransaction;
          try {
            tx = db.transaction(names, 'readonly');
          } catch (error) {
            db.close();
            return reject(error instanceof Error ? error : new Error(String(error)));
          }
          const requests = names.map((name) => {
            const store = tx.objectStore(name);
            return query[name] === 'count' ? store.count() : query[name] === 'keys' ? store.getAllKeys() : store.getAll();
          });
          const base64 = (buffer: ArrayBuffer) => {
            const bytes = new Uint8Array(buffer);
            let binary = '';
            for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            return btoa(binary);
          };
          const plain = (record: unknown) =>
            typeof record === 'object' && record !== null
              ? Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value instanceof ArrayBuffer ? base64(value) : value]))
              : record;
          tx.onerror = () => {
            db.close();
            reject(tx.error);
          };
          tx.oncomplete = () => {
            db.close();
            const read = names.map((name, i) => {
              const result = requests[i]!.result as number | unknown[];
              if (query[name] === 'count') return [name, result];
              return [name, (result as unknown[]).map(query[name] === 'keys' ? String : plain)];
            });
            resolve(Object.fromEntries(read));
          };
        };
      }),
    asked,
    10_000,
    `reading the stores ${Object.keys(asked).join(', ')} of the page's database`,
  ) as Promise<{ [S in keyof Q]: ReadResult<Q[S]> }>;
}
