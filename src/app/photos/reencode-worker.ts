/// <reference lib="webworker" />
/** The photo worker: runs reencodeInPlace off the main thread, one request per message. */
import { PhotoError } from './photo-error.ts';
import { reencodeInPlace } from './reencode.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const { id, file } = event.data;
  reencodeInPlace(file).then(
    (record) => {
      const reply: WorkerReply = { id, ok: true, record };
      self.postMessage(reply, [record.data]);
    },
    (error: unknown) => {
      const reply: WorkerReply =
        error instanceof PhotoError
          ? { id, ok: false, key: error.key, message: error.message }
          : { id, ok: false, key: null, message: String(error) };
      self.postMessage(reply);
    },
  );
});
