/**
 * Answers and decisions made offline (store `actions`, v4, auto key, index `queuedAt`): "still
 * there?" answers and "it is this one" confirmations (sent with the device token), moderator
 * decisions (sent with the moderator token). They wait like observations do and leave the store
 * once the server has answered them; a decision someone else made first is kept in meta
 * `decidedFirst` for the moderator to read.
 */
import type { Confirmation, Decision, DecisionResult } from '../core/wire.ts';
import { inTransaction, runAll, type ContrechampDb, type QueuedAction } from './db.ts';
import { postNotice } from './notices.ts';

export type { QueuedAction } from './db.ts';

/** Queues a confirmation or a decision; resolves once it is durable. */
export async function queueAction(
  db: ContrechampDb,
  action: { type: 'confirmation'; confirmation: Confirmation } | { type: 'decision'; decision: Decision },
  now = new Date(),
): Promise<void> {
  await inTransaction(db, ['actions'], 'readwrite', 'queueing an answer', async (tx) => {
    await tx.objectStore('actions').add({ ...action, queuedAt: now.toISOString() } as QueuedAction);
  });
  postNotice({ stores: ['actions'] });
}

/** Every queued action, oldest first, with its key. */
export async function listActions(db: ContrechampDb): Promise<(QueuedAction & { key: number })[]> {
  return (await db.getAllFromIndex('actions', 'queuedAt')) as (QueuedAction & { key: number })[];
}

/** Removes the actions the server answered. */
export async function removeActions(db: ContrechampDb, keys: readonly number[]): Promise<void> {
  if (!keys.length) return;
  await inTransaction(db, ['actions'], 'readwrite', 'removing answered actions', async (tx) => {
    const store = tx.objectStore('actions');
    await runAll(keys.map((k) => () => store.delete(k)));
  });
  postNotice({ stores: ['actions'] });
}

/** Keeps a decision the server answered `decided` (another moderator was first), for the moderator. */
export async function rememberDecidedFirst(db: ContrechampDb, results: readonly DecisionResult[]): Promise<void> {
  const told = results.filter((r) => r.status === 'decided');
  if (!told.length) return;
  await inTransaction(db, ['meta'], 'readwrite', 'keeping decisions made by others', async (tx) => {
    const meta = tx.objectStore('meta');
    const before = ((await meta.get('decidedFirst')) as DecisionResult[] | undefined) ?? [];
    await meta.put([...before, ...told].slice(-50), 'decidedFirst');
  });
  postNotice({ stores: ['meta'] });
}
