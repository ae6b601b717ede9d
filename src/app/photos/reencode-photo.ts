/**
 * `reencodePhoto(file)`: the typed bridge to the photo worker. One worker is started on first use
 * and stopped after a while without work (phones are short of memory); a worker crash rejects the
 * pending calls and the next call starts a fresh one.
 */
import { isPhotoErrorKey, PhotoError } from './photo-error.ts';
import type { PhotoRecord } from './photo-record.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

export { PhotoError, type PhotoErrorKey } from './photo-error.ts';
export type { PhotoRecord } from './photo-record.ts';

const IDLE_MS = 30_000;

interface Pending {
  resolve: (record: PhotoRecord) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let nextId = 1;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const pending = new Map<number, Pending>();

function stopWorker(reason: Error | null): void {
  worker?.terminate();
  worker = null;
  if (reason) for (const p of pending.values()) p.reject(reason);
  pending.clear();
}

function startWorker(): Worker {
  const w = new Worker(new URL('./reencode-worker.ts', import.meta.url), { type: 'module', name: 'photos' });
  w.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
    const reply = event.data;
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.record);
    else if (isPhotoErrorKey(reply.key)) p.reject(new PhotoError(reply.key, reply.message));
    else p.reject(new Error(`photo worker failed: ${reply.message}`));
    scheduleIdleStop();
  });
  w.addEventListener('error', (event) => {
    event.preventDefault();
    stopWorker(new Error(`photo worker crashed: ${event.message || 'no message'}`));
  });
  return w;
}

function scheduleIdleStop(): void {
  clearTimeout(idleTimer);
  if (pending.size > 0) return;
  idleTimer = setTimeout(() => {
    if (pending.size === 0) stopWorker(null);
  }, IDLE_MS);
}

/**
 * Re-encodes a photo off the main thread: JPEG, longest side ≤ 2048 px, no metadata; `hash` is
 * the SHA-256 of the new bytes. Rejects with a PhotoError (`photo.notImage`, `photo.corrupt`,
 * `photo.tooLarge`) for the user's file, with a plain Error for anything else.
 */
export function reencodePhoto(file: Blob): Promise<PhotoRecord> {
  clearTimeout(idleTimer);
  worker ??= startWorker();
  const id = nextId++;
  const request: WorkerRequest = { id, file };
  return new Promise<PhotoRecord>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage(request);
  });
}
