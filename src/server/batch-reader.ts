/**
 * Reads pushed batches in worker threads (batch-worker.ts): the JSON parse, the schema check of
 * every change, its stored JSON text and its public id run beside the main thread, which only
 * writes. A batch's changes come back in slices, in order, as they are ready, so the main thread
 * writes slice k while the worker prepares slice k + 1.
 *
 * The threads run the TypeScript sources through tsx, as the server itself does.
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MAX_BATCH_CHANGES } from '../core/wire.ts';
import type { PreparedItem } from './prepared-change.ts';
import { unpackSlice, type PackedSlice } from './prepared-slice.ts';

/** What the main thread sends a worker: one body. */
export interface ReaderJob {
  job: number;
  bytes: Uint8Array;
}

/** What a worker answers: a batch's head once, then (for a batch within the limit) its slices. */
export type WorkerAnswer =
  | { job: number; head: 'invalid_json' | 'not_a_batch' | number }
  | { job: number; slice: PackedSlice; last: boolean };

/** A read body: not JSON, not `{ changes: [ … ] }`, or a batch of `count` changes whose prepared
 * items `slices` yields in order (none when `count` is over the limit). */
export type ReadBatch = 'invalid_json' | 'not_a_batch' | { count: number; slices: AsyncIterable<readonly PreparedItem[]> };

interface Job {
  head: (read: ReadBatch) => void;
  fail: (err: Error) => void;
  slices: PackedSlice[];
  done: boolean;
  failed: Error | null;
  wake: (() => void) | null;
}

/** The worker's module, a TypeScript source: the thread registers tsx's loader in itself first
 * (loader hooks of the main thread do not reach worker threads on Node 20). Its path is made with
 * node:path, not `new URL`: test environments with a DOM replace the global URL. */
const WORKER_SOURCE = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'batch-worker.ts')).href)}); })`;

class ReaderThread {
  readonly jobs = new Map<number, Job>();
  private readonly worker: Worker;

  constructor(key: Buffer, onExit: (thread: ReaderThread) => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: new Uint8Array(key) });
    // Idle threads never keep the process alive (a request waiting on one keeps its socket open).
    this.worker.unref();
    this.worker.on('message', (answer: WorkerAnswer) => this.answer(answer));
    const lost = (err: Error) => {
      for (const job of this.jobs.values()) settleFailed(job, err);
      this.jobs.clear();
      onExit(this);
    };
    this.worker.on('error', lost);
    this.worker.on('exit', (code) => lost(new Error(`the batch reader thread exited (${code})`)));
  }

  send(id: number, job: Job, bytes: Buffer): void {
    this.jobs.set(id, job);
    // A body in an allocation of its own moves to the thread without a copy; a pooled one is copied.
    const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength && !(bytes.buffer instanceof SharedArrayBuffer);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.worker.postMessage({ job: id, bytes: view } satisfies ReaderJob, own ? [bytes.buffer as ArrayBuffer] : []);
  }

  private answer(answer: WorkerAnswer): void {
    const job = this.jobs.get(answer.job);
    if (!job) return;
    if ('slice' in answer) {
      job.slices.push(answer.slice);
      if (answer.last) this.finish(answer.job, job);
      else wakeUp(job);
      return;
    }
    if (typeof answer.head !== 'number') {
      this.jobs.delete(answer.job);
      return job.head(answer.head);
    }
    job.head({ count: answer.head, slices: drain(job) });
    // Slices follow only for a batch of one change or more, within the limit.
    if (answer.head === 0 || answer.head > MAX_BATCH_CHANGES) this.finish(answer.job, job);
  }

  private finish(id: number, job: Job): void {
    job.done = true;
    this.jobs.delete(id);
    wakeUp(job);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

function wakeUp(job: Job): void {
  const wake = job.wake;
  job.wake = null;
  wake?.();
}

function settleFailed(job: Job, err: Error): void {
  job.failed = err;
  job.fail(err);
  wakeUp(job);
}

async function* drain(job: Job): AsyncGenerator<readonly PreparedItem[]> {
  for (;;) {
    if (job.failed) throw job.failed;
    const slice = job.slices.shift();
    if (slice) {
      yield unpackSlice(slice);
      continue;
    }
    if (job.done) return;
    await new Promise<void>((resolve) => (job.wake = resolve));
  }
}

/** Threads beside the main thread: one on two cores, at most four. */
const defaultThreads = () => Math.max(1, Math.min(4, os.availableParallelism() - 1));

export class BatchReader {
  private readonly threads: ReaderThread[] = [];
  private nextJob = 1;
  private closed = false;

  /** `key`: the public id key (public-id.ts) the threads make public ids with. */
  constructor(
    private readonly key: Buffer,
    private readonly size = defaultThreads(),
  ) {}

  /**
   * Reads a pushed body (its UTF-8 bytes, which move to the thread: the caller no longer uses
   * them). Resolves once the batch's head is known; rejects when a thread is lost (the slices of a
   * batch being read then throw too).
   */
  read(bytes: Buffer): Promise<ReadBatch> {
    if (this.closed) return Promise.reject(new Error('the batch reader is closed'));
    const thread = this.thread();
    return new Promise<ReadBatch>((resolve, reject) => {
      thread.send(this.nextJob++, { head: resolve, fail: reject, slices: [], done: false, failed: null, wake: null }, bytes);
    });
  }

  /**
   * Starts the first thread ahead of the first push, which would otherwise wait while it loads
   * (about half a second: tsx and the schemas). An idle thread never keeps the process alive.
   */
  start(): void {
    if (!this.closed && this.threads.length === 0) this.startThread();
  }

  /** The least busy thread, started when fewer than `size` run. */
  private thread(): ReaderThread {
    const idle = this.threads.find((t) => t.jobs.size === 0);
    if (idle) return idle;
    if (this.threads.length < this.size) return this.startThread();
    return this.threads.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  }

  private startThread(): ReaderThread {
    const started = new ReaderThread(this.key, (lost) => {
      const at = this.threads.indexOf(lost);
      if (at >= 0) this.threads.splice(at, 1);
    });
    this.threads.push(started);
    return started;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((t) => t.terminate()));
  }
}
