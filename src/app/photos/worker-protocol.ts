/** Messages between reencode-photo.ts (page) and reencode-worker.ts. */
import type { PhotoErrorKey } from './photo-error.ts';
import type { PhotoRecord } from './photo-record.ts';

export interface WorkerRequest {
  id: number;
  file: Blob;
}

export type WorkerReply =
  | { id: number; ok: true; record: PhotoRecord }
  /** key null: a bug or an unexpected browser failure, not the user's file. */
  | { id: number; ok: false; key: PhotoErrorKey | null; message: string };
