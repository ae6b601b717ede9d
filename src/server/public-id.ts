/**
 * The public id: how everyone but the author and the moderators knows an observation (the feed,
 * other devices' pulls, the shared map on phones and its exports, confirmations, the public page).
 * The author's id is a UUIDv7, whose first 48 bits are its creation time to the millisecond: shown
 * to the public it would give away the time of day of every fixed device and, in order, the route.
 *
 * The rule (made here only): the first 128 bits of HMAC-SHA256(key, author's id), written as a
 * UUID of version 8 (RFC 9562 §5.8, "custom"), so that the public form is still a valid observation
 * for the one schema, and never equal to an author's id (version 7). The key is 32 random bytes made
 * once per server and kept in its database (`server_keys`, row `public_id`, see db.ts): the id stays
 * the same through edits, restarts and backups, and nobody without the key can link it to the
 * author's id or its time.
 */
import { hash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

const KEY_NAME = 'public_id';

/** Maps an author's id (a UUID string) to its public id (a lowercase UUIDv8 string). */
export type PublicIdOf = (id: string) => string;

/** SHA-256's block, in bytes: HMAC pads its key to it (RFC 2104). */
const BLOCK = 64;

/**
 * The public id maker of this key (32 bytes): the same key and id always give the same id.
 * HMAC-SHA256 as RFC 2104 writes it, H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ id)), through two one-shot
 * `crypto.hash` calls on buffers made once: the same bytes as `createHmac`, which costs several
 * times more per id (a new HMAC object and key import each time), measured on the batch push.
 */
export function publicIdMaker(key: Buffer): PublicIdOf {
  if (key.length > BLOCK) throw new Error(`expected a key of at most ${BLOCK} bytes, got ${key.length}`);
  // The padded key XOR ipad, then room for an id of up to 64 UTF-16 units (192 UTF-8 bytes).
  const inner = Buffer.alloc(BLOCK + 192, 0x36);
  const outer = Buffer.alloc(BLOCK + 32, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i]! ^= key[i]!;
    outer[i]! ^= key[i]!;
  }
  return (id) => {
    const message = id.length <= 64 ? inner.subarray(0, BLOCK + inner.write(id, BLOCK)) : Buffer.concat([inner.subarray(0, BLOCK), Buffer.from(id)]);
    hash('sha256', message, 'buffer').copy(outer, BLOCK);
    const b = hash('sha256', outer, 'buffer');
    b[6] = (b[6]! & 0x0f) | 0x80; // version 8
    b[8] = (b[8]! & 0x3f) | 0x80; // the RFC 9562 variant
    // Byte by byte from a table: Buffer#toString('hex', 0, 16) and five slices cost more than the hashes.
    const x = (i: number) => HEX[b[i]!]!;
    return `${x(0)}${x(1)}${x(2)}${x(3)}-${x(4)}${x(5)}-${x(6)}${x(7)}-${x(8)}${x(9)}-${x(10)}${x(11)}${x(12)}${x(13)}${x(14)}${x(15)}`;
  };
}

/** Each byte's two lowercase hex digits. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Makes the server's key (32 random bytes) unless it has one. Needs the `server_keys` table (db.ts). */
export function ensurePublicIdKey(db: Database.Database): void {
  db.prepare('INSERT OR IGNORE INTO server_keys (name, value) VALUES (?, ?)').run(KEY_NAME, randomBytes(32));
}

/** This database's key (32 bytes). Throws when the database has none (not migrated). */
export function publicIdKey(db: Database.Database): Buffer {
  const key = db.prepare('SELECT value FROM server_keys WHERE name = ?').pluck().get(KEY_NAME) as Buffer | undefined;
  if (!key) throw new Error('expected the public id key in server_keys: is the database migrated?');
  return key;
}

/** The public id maker of this database's key. Throws when the database has none (not migrated). */
export function publicIdOf(db: Database.Database): PublicIdOf {
  return publicIdMaker(publicIdKey(db));
}
