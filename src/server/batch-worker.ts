/**
 * A worker thread of the batch push (started by batch-reader.ts, with this server's public id key
 * as its `workerData`): for each pushed body (UTF-8 bytes) it answers the batch's head (not JSON,
 * not `{ changes: [ … ] }`, or how many changes), then the changes prepared for storing
 * (prepared-change.ts) in slices of `SLICE`, so the main thread writes a slice while this one
 * prepares the next.
 */
import { parentPort, workerData } from 'node:worker_threads';
import sjson from 'secure-json-parse';
import { MAX_BATCH_CHANGES, batchRequestSchema } from '../core/wire.ts';
import type { ReaderJob, WorkerAnswer } from './batch-reader.ts';
import { prepareChange } from './prepared-change.ts';
import { packSlice } from './prepared-slice.ts';
import { publicIdMaker } from './public-id.ts';

/** Changes per slice: small enough that the main thread starts writing early, large enough that a
 * message's own cost stays small beside the slice's. */
const SLICE = 50;

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
  for (let from = 0; from < changes.length; from += SLICE) {
    const slice = changes.slice(from, from + SLICE).map((c) => prepareChange(c, publicId));
    send({ job, slice: packSlice(slice), last: from + SLICE >= changes.length });
  }
});
