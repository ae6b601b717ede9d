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
import { SHA256_IV, compressBlock } from './sha256-block.ts';

const KEY_NAME = 'public_id';

/** Maps an author's id (a UUID string) to its public id (a lowercase UUIDv8 string). */
export type PublicIdOf = (id: string) => string;

/** SHA-256's block, in bytes: HMAC pads its key to it (RFC 2104). */
const BLOCK = 64;
/** The longest id hashed from the midstates: its bytes, the 0x80 end mark and the 8-byte length fit one block. */
const ONE_BLOCK_ID = BLOCK - 9;

/**
 * The public id maker of this key (32 bytes): the same key and id always give the same id.
 * HMAC-SHA256 as RFC 2104 writes it, H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ id)). Both hashes start with
 * a block made of the key alone, so their states after it are computed once (sha256-block.ts): an
 * ASCII id of up to 55 characters (every UUID) then costs two compressions, about a third of two
 * one-shot `crypto.hash` calls, which longer or non-ASCII ids still take. Either way the bytes are
 * those of `createHmac`, which costs several times more per id (a new HMAC object and key import
 * each time), measured on the batch push.
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
  const w = new Int32Array(64);
  const midstate = (pad: Buffer) => {
    for (let i = 0; i < 16; i++) w[i] = pad.readInt32BE(4 * i);
    const state = new Int32Array(8);
    compressBlock(SHA256_IV, w, state);
    return state;
  };
  const innerState = midstate(inner);
  const outerState = midstate(outer);
  const digest = new Int32Array(8);
  const b = new Uint8Array(32);

  /** The HMAC of an ASCII id of up to ONE_BLOCK_ID characters into `b`; false for any other id. */
  const fromMidstates = (id: string): boolean => {
    const n = id.length;
    if (n > ONE_BLOCK_ID) return false;
    w.fill(0, 0, 16);
    for (let i = 0; i < n; i++) {
      const c = id.charCodeAt(i);
      if (c > 0x7f) return false;
      w[i >> 2]! |= c << (24 - 8 * (i & 3));
    }
    w[n >> 2]! |= 0x80 << (24 - 8 * (n & 3));
    w[15] = (BLOCK + n) * 8;
    compressBlock(innerState, w, digest);
    w.set(digest);
    w.fill(0, 8, 16);
    w[8] = 0x80000000;
    w[15] = (BLOCK + 32) * 8;
    compressBlock(outerState, w, digest);
    for (let i = 0; i < 4; i++) {
      const word = digest[i]!;
      b[4 * i] = word >>> 24;
      b[4 * i + 1] = word >>> 16;
      b[4 * i + 2] = word >>> 8;
      b[4 * i + 3] = word;
    }
    return true;
  };

  const x = (i: number) => HEX[b[i]!]!;
  return (id) => {
    if (!fromMidstates(id)) {
      const message = id.length <= 64 ? inner.subarray(0, BLOCK + inner.write(id, BLOCK)) : Buffer.concat([inner.subarray(0, BLOCK), Buffer.from(id)]);
      hash('sha256', message, 'buffer').copy(outer, BLOCK);
      b.set(hash('sha256', outer, 'buffer'));
    }
    b[6] = (b[6]! & 0x0f) | 0x80; // version 8
    b[8] = (b[8]! & 0x3f) | 0x80; // the RFC 9562 variant
    // Byte by byte from a table: Buffer#toString('hex', 0, 16) and five slices cost more than the hashes.
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
