/**
 * Identifiers: UUIDv7, made on the device. Time-ordered, so ids sort roughly by creation and index
 * well in IndexedDB and SQLite; random enough that devices never need to agree on them.
 */
import { uuidv7 } from 'uuidv7';

export const newId = (): string => uuidv7();

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True for a lowercase UUIDv7 string (the only kind of id this app makes). */
export const isUuidV7 = (value: string): boolean => UUID_V7.test(value);
