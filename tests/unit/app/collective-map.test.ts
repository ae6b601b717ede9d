import { describe, expect, it } from 'vitest';
import { deleteObservation, saveObservation } from '../../../src/store/observations.ts';
import { putShared } from '../../../src/store/shared.ts';
import { postNotice } from '../../../src/store/notices.ts';
import { readCollectiveMap } from '../../../src/app/sync/use-collective-map.ts';
import { makeObservation, useFreshDb } from '../store/fixtures.ts';

const { db } = useFreshDb();
const ids = (map: { devices: readonly { id: string; own: boolean }[] }) => map.devices.map((d) => `${d.own ? 'mine' : 'shared'}:${d.id}`).sort();

describe('the collective map kept up to date from store notices', () => {
  it('adds a saved observation and drops a deleted one, reading again only what a notice names', async () => {
    const a = makeObservation({ notes: 'a' });
    await saveObservation(db(), a);
    expect(ids(await readCollectiveMap(db()))).toEqual([`mine:${a.id}`]);

    // Written behind the store's back (no notice): not read again, so not seen.
    const hidden = makeObservation({ notes: 'hidden' });
    await db().put('observations', hidden);
    const b = makeObservation({ notes: 'b' });
    await saveObservation(db(), b);
    await deleteObservation(db(), a.id);
    const map = await readCollectiveMap(db());
    expect(ids(map)).toEqual([`mine:${b.id}`]);
    expect(map.index.near(b.position, 1).map((h) => h.item.id)).toEqual([b.id]);

    // A notice that names no ids reads every observation again.
    postNotice({ stores: ['observations'] });
    expect(ids(await readCollectiveMap(db()))).toEqual([`mine:${b.id}`, `mine:${hidden.id}`].sort());
  });

  it('gives back the same map when nothing changed, and reads the shared copy again after a pull', async () => {
    const mine = makeObservation();
    await saveObservation(db(), mine);
    const first = await readCollectiveMap(db());
    expect(await readCollectiveMap(db())).toBe(first);

    const other = makeObservation({ notes: 'theirs' });
    await putShared(db(), [other]);
    expect(ids(await readCollectiveMap(db()))).toEqual([`mine:${mine.id}`, `shared:${other.id}`].sort());
  });

  it('reads everything again after a wipe notice', async () => {
    const a = makeObservation();
    await saveObservation(db(), a);
    await readCollectiveMap(db());
    await db().clear('observations');
    postNotice({ stores: 'all' });
    expect((await readCollectiveMap(db())).devices).toEqual([]);
  });
});
