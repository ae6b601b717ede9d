import { describe, expect, it } from 'vitest';
import { z } from '../../../src/core/zod.ts';
import { isUuidV7, newId } from '../../../src/core/ids.ts';

describe('newId', () => {
  it('makes UUIDv7 strings that zod accepts as UUIDs', () => {
    const id = newId();
    expect(isUuidV7(id)).toBe(true);
    expect(z.uuid().safeParse(id).success).toBe(true);
  });

  it('makes distinct ids that sort in creation order', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects non-v7 ids', () => {
    expect(isUuidV7('0b5f0c9e-3f0a-4c3d-8a1e-1c2b3d4e5f60')).toBe(false);
    expect(isUuidV7('not-a-uuid')).toBe(false);
  });
});
