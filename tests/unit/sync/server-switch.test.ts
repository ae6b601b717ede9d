import { describe, expect, it } from 'vitest';
import { getMeta, setMeta } from '../../../src/store/meta.ts';
import { putShared, sharedCount } from '../../../src/store/shared.ts';
import { SyncError } from '../../../src/sync/errors.ts';
import { currentServer, switchServer } from '../../../src/sync/server-switch.ts';
import { makeObservation, useFreshDb } from '../store/fixtures.ts';

const { db } = useFreshDb();
const origin = 'https://app.example';

describe('switching server', () => {
  it('uses the app\'s own origin until another is chosen', async () => {
    expect(await currentServer(db(), origin)).toBe(origin);
  });

  it('forgets the token, the cursor and the shared copy of the other server, and stores the new address', async () => {
    await setMeta(db(), 'deviceToken', 't'.repeat(43));
    await putShared(db(), [makeObservation()]);
    const switched = await switchServer(db(), ' https://other.example/base/ ', origin, origin);
    expect(switched).toEqual({ url: 'https://other.example/base', changed: true });
    expect(await currentServer(db(), origin)).toBe('https://other.example/base');
    expect(await getMeta(db(), 'deviceToken')).toBeUndefined();
    expect(await getMeta(db(), 'syncCursor')).toBeUndefined();
    expect(await sharedCount(db())).toBe(0);
  });

  it('changes nothing when the address is the one in use, and stores the origin as no address', async () => {
    await setMeta(db(), 'deviceToken', 't'.repeat(43));
    expect(await switchServer(db(), origin, origin, origin)).toEqual({ url: origin, changed: false });
    expect(await getMeta(db(), 'deviceToken')).toBe('t'.repeat(43));
    await switchServer(db(), 'https://other.example', origin, origin);
    await switchServer(db(), origin, 'https://other.example', origin);
    expect(await getMeta(db(), 'serverUrl')).toBeUndefined();
  });

  it('refuses an address that is not http(s) before changing anything', async () => {
    await setMeta(db(), 'deviceToken', 't'.repeat(43));
    await expect(switchServer(db(), 'ftp://x.example', origin, origin)).rejects.toMatchObject({ key: 'syncError.badUrl' });
    await expect(switchServer(db(), 'not a url', origin, origin)).rejects.toBeInstanceOf(SyncError);
    expect(await getMeta(db(), 'deviceToken')).toBe('t'.repeat(43));
  });
});
