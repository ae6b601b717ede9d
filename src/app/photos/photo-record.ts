/** The photo as the store keeps it (type only: the worker bundle pulls in none of the store). */
export type { PhotoRecord } from '../../store/photos.ts';
