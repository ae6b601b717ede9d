/**
 * Drafts (store `drafts`, key = a name, 'form' for the logging form): the half-filled form, saved as
 * the walker types so it survives the app being killed. Not validated: a draft is unfinished by
 * nature. Its photos are already in the photos store and named by hash.
 */
import { postNotice } from './notices.ts';
import { inTransaction, type ContrechampDb, type Draft } from './db.ts';

export type { Draft, DraftRecord } from './db.ts';

export const FORM_DRAFT = 'form';

export async function saveDraft(db: ContrechampDb, draft: Draft, key: string = FORM_DRAFT, now: Date = new Date()): Promise<void> {
  await inTransaction(db, ['drafts'], 'readwrite', 'saving the draft', async (tx) => {
    await tx.objectStore('drafts').put({ key, draft, savedAt: now.toISOString() });
  });
  postNotice({ stores: ['drafts'] });
}

export async function loadDraft(db: ContrechampDb, key: string = FORM_DRAFT): Promise<Draft | undefined> {
  const record = await db.get('drafts', key);
  return record?.draft;
}

export async function clearDraft(db: ContrechampDb, key: string = FORM_DRAFT): Promise<void> {
  await inTransaction(db, ['drafts'], 'readwrite', 'clearing the draft', async (tx) => {
    await tx.objectStore('drafts').delete(key);
  });
  postNotice({ stores: ['drafts'] });
}
