/// <reference lib="webworker" />
/**
 * The import worker: reads one picked file with readImportFile (read-import-file.ts) off the page's
 * thread and posts what it read back in slices (read-import-in-worker.ts puts them together).
 */
import { messageKeyOf } from '../../core/keyed-error.ts';
import { readImportFile } from './read-import-file.ts';
import { IMPORT_SLICE, type ImportWorkerReply, type ImportWorkerRequest } from './read-import-in-worker.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (reply: ImportWorkerReply, transfer: Transferable[] = []) => self.postMessage(reply, transfer);

self.addEventListener('message', (event: MessageEvent<ImportWorkerRequest>) => {
  const { file, options } = event.data;
  readImportFile(file, options).then(
    (source) => {
      const { observations, shared = [], ...rest } = source.bundle;
      for (let i = 0; i < observations.length; i += IMPORT_SLICE) post({ type: 'observations', list: observations.slice(i, i + IMPORT_SLICE) });
      for (let i = 0; i < shared.length; i += IMPORT_SLICE) post({ type: 'shared', list: shared.slice(i, i + IMPORT_SLICE) });
      const hasShared = source.bundle.shared !== undefined;
      post({ type: 'source', source: { ...source, bundle: { ...rest, observations: [] } }, hasShared }, (rest.photos ?? []).map((p) => p.data));
    },
    (error: unknown) => {
      const keyed = messageKeyOf(error);
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      post({ type: 'error', name, message, ...(keyed ? { key: keyed.key, params: { ...keyed.params } } : {}) });
    },
  );
});
