/**
 * A worker thread of the batch push (started by batch-reader.ts, with this server's public id key
 * as its `workerData`): for each pushed body (UTF-8 bytes) it answers the batch's head (not JSON,
 * not `{ changes: [ … ] }`, or how many changes), then the changes prepared for storing
 * (prepared-change.ts) in slices (`FIRST_SLICE` changes, then `SLICE` each), so the main thread
 * writes a slice while this one prepares the next.
 */
import { parentPort, workerData } from 'node:worker_threads';
import sjson from 'secure-json-parse';
import { MAX_BATCH_CHANGES, batchRequestSchema } from '../core/wire.ts';
import type { ReaderJob, WorkerAnswer } from './batch-reader.ts';
import { prepareChange } from './prepared-change.ts';
import { packSlice } from './prepared-slice.ts';
import { publicIdMaker } from './public-id.ts';

/** Changes per slice: large enough that a message's own cost stays small beside the slice's. The
 * first slice is smaller, so that the main thread, idle until it comes, starts writing early. */
const SLICE = 50;
const FIRST_SLICE = 10;

const port = parentPort!;
const publicId = publicIdMaker(Buffer.from(workerData as Uint8Array));
const send = (answer: WorkerAnswer) => port.postMessage(answer);

port.on('message', ({ job, bytes }: ReaderJob) => {
  let body: unknown;
  try {
    // Fastify's own JSON reading (its default parser): prototype poisoning is refused as bad JSON.
    body = sjson.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return send({ job, head: 'invalid_json' });
  }
  const shape = batchRequestSchema.safeParse(body);
  if (!shape.success) return send({ job, head: 'not_a_batch' });
  const { changes } = shape.data;
  send({ job, head: changes.length });
  if (changes.length > MAX_BATCH_CHANGES) return;
  for (let from = 0, to = FIRST_SLICE; from < changes.length; from = to, to += SLICE) {
    const slice = changes.slice(from, to).map((c) => prepareChange(c, publicId));
    send({ job, slice: packSlice(slice), last: to >= changes.length });
  }
});
