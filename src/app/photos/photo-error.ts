/** Errors a user can meet when adding a photo; `key` is a message key translated by the UI. */
export type PhotoErrorKey = 'photo.notImage' | 'photo.corrupt' | 'photo.tooLarge';

export const PHOTO_ERROR_KEYS: readonly PhotoErrorKey[] = ['photo.notImage', 'photo.corrupt', 'photo.tooLarge'];

export class PhotoError extends Error {
  override readonly name = 'PhotoError';
  constructor(
    readonly key: PhotoErrorKey,
    detail?: string,
  ) {
    super(detail ? `${key}: ${detail}` : key);
  }
}

export function isPhotoErrorKey(value: unknown): value is PhotoErrorKey {
  return typeof value === 'string' && (PHOTO_ERROR_KEYS as readonly string[]).includes(value);
}
