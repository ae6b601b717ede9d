/**
 * Device and moderator tokens: 256 random bits, given once, stored only as their SHA-256
 * (tables `devices` and `moderators`). A token never touches the disk or the log in clear.
 */
import { createHash, randomBytes } from 'node:crypto';
import { today, type Db } from './db.ts';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** `Authorization: Bearer <token>` → the token, or null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header.trim());
  return m ? m[1]! : null;
}

export function registerDevice(db: Db): { id: number; token: string } {
  const token = newToken();
  const info = db
    .prepare('INSERT INTO devices (token_hash, created_day) VALUES (?, ?)')
    .run(hashToken(token), today());
  return { id: Number(info.lastInsertRowid), token };
}

// Every API call looks its token up: prepare that statement once per connection.
const lookups = new WeakMap<Db, ReturnType<Db['prepare']>>();

export function deviceIdForToken(db: Db, token: string): number | null {
  let lookup = lookups.get(db);
  if (!lookup) {
    lookup = db.prepare('SELECT id FROM devices WHERE token_hash = ?').pluck();
    lookups.set(db, lookup);
  }
  const id = lookup.get(hashToken(token)) as number | undefined;
  return id ?? null;
}

/** The name trimmed; throws unless it is 1 to 64 letters, digits, spaces, dots, dashes. */
export function validModeratorName(name: string): string {
  const clean = name.trim();
  if (!/^[\p{L}\p{N} ._-]{1,64}$/u.test(clean)) {
    throw new Error(`a moderator name is 1 to 64 letters, digits, spaces, dots, dashes; got ${JSON.stringify(name)}`);
  }
  return clean;
}

export function addModerator(db: Db, name: string): string {
  const clean = validModeratorName(name);
  const token = newToken();
  db.prepare('INSERT INTO moderators (name, token_hash, created_day) VALUES (?, ?, ?)').run(
    clean,
    hashToken(token),
    today(),
  );
  return token;
}

export function moderatorForToken(db: Db, token: string): string | null {
  const row = db.prepare('SELECT name FROM moderators WHERE token_hash = ?').get(hashToken(token)) as
    | { name: string }
    | undefined;
  return row?.name ?? null;
}
