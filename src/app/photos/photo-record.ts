/**
 * The shape of a re-encoded photo as the store keeps it (see CONTRACTS.md, store/photos.ts).
 * Declared here too so the worker bundle does not pull in the store.
 */
export interface PhotoRecord {
  /** Lowercase hex SHA-256 of `data`. */
  hash: string;
  type: string;
  data: ArrayBuffer;
  width: number;
  height: number;
  size: number;
}
