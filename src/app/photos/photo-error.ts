/** Errors a user can meet when adding a photo; `key` is a message key translated by the UI. */
import { KeyedError } from '../../core/keyed-error.ts';

export type PhotoErrorKey = 'photo.notImage' | 'photo.corrupt' | 'photo.tooLarge' | 'photo.heicUnsupported';

export const PHOTO_ERROR_KEYS: readonly PhotoErrorKey[] = ['photo.notImage', 'photo.corrupt', 'photo.tooLarge', 'photo.heicUnsupported'];

export class PhotoError extends KeyedError<PhotoErrorKey> {
  override readonly name = 'PhotoError';
  constructor(key: PhotoErrorKey, detail?: string) {
    super(key, detail ? `${key}: ${detail}` : key);
  }
}

export function isPhotoErrorKey(value: unknown): value is PhotoErrorKey {
  return typeof value === 'string' && (PHOTO_ERROR_KEYS as readonly string[]).includes(value);
}
