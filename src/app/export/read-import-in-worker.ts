/**
 * `readImportInWorker(file)`: readImportFile (read-import-file.ts) run in a worker of its own, so the
 * page stays responsive while a large file is parsed and checked (100,000 GeoJSON features take
 * about a second). The observations come back in slices of IMPORT_SLICE, each its own message: the
 * page copies one slice in at a time, with input and paint between them. Same result and same
 * errors as readImportFile: an error with a message key comes back as a KeyedError with that key,
 * its parameters and message; any other as an Error with its message.
 */
import { KeyedError } from '../../core/keyed-error.ts';
import type { Observation } from '../../core/observation.ts';
import type { ImportSource, ReadOptions } from './read-import-file.ts';

/** Observations a message carries: copying one slice into the page takes a few milliseconds. */
export const IMPORT_SLICE = 2000;

export interface ImportWorkerRequest {
  file: Blob & { name?: string };
  options: ReadOptions;
}

export type ImportWorkerReply =
  | { type: 'observations' | 'shared'; list: Observation[] }
  /** The last message: what was read, its lists sent before it in slices. */
  | { type: 'source'; source: ImportSource; hasShared: boolean }
  | { type: 'error'; name: string; message: string; key?: string; params?: Record<string, string | number> };

/**
 * Reads and parses a picked file (at most 200 MB) in a worker; resolves to what readImportFile
 * would. Rejects with the reader's error (ImportError and BundleImportError keys: `import.*`), or an
 * Error if the worker itself failed.
 */
export function readImportInWorker(file: Blob & { name?: string }, options: ReadOptions = {}): Promise<ImportSource> {
  const worker = new Worker(new URL('./read-import-worker.ts', import.meta.url), { type: 'module', name: 'import' });
  const observations: Observation[] = [];
  const shared: Observation[] = [];
  return new Promise<ImportSource>((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<ImportWorkerReply>) => {
      const reply = event.data;
      switch (reply.type) {
        case 'observations':
        case 'shared':
          for (const obs of reply.list) (reply.type === 'shared' ? shared : observations).push(obs);
          break;
        case 'source':
          resolve({ ...reply.source, bundle: { ...reply.source.bundle, observations, ...(reply.hasShared ? { shared } : {}) } });
          break;
        case 'error':
          reject(
            reply.key === undefined
              ? Object.assign(new Error(reply.message), { name: reply.name })
              : Object.assign(new KeyedError(reply.key, reply.message, { params: reply.params ?? {} }), { name: reply.name }),
          );
      }
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new Error(`import worker failed: ${event.message || 'no message'}`));
    });
    const request: ImportWorkerRequest = { file, options };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}
