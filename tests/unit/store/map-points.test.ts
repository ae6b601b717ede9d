/** The map's points follow my observations through every write, in the same transaction. */
import { describe, expect, it } from 'vitest';
import { mapPointOf } from '../../../src/core/map-point.ts';
import { reviseObservation } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import { applyImport } from '../../../src/store/import.ts';
import { readMapPointRecords } from '../../../src/store/map-point-records.ts';
import { listMapPoints } from '../../../src/store/map-points.ts';
import { deleteObservation, discardDamaged, restoreObservation, saveObservation } from '../../../src/store/observations.ts';
import { acknowledge, markConflict, resolveConflict } from '../../../src/store/outbox.ts';
import { at, makeObservation, useFreshDb } from './fixtures.ts';

const { db } = useFreshDb();

const moved = (o: Observation, lon: number, minutes: number) => reviseObservation(o, { position: { ...o.position, lon } }, at(minutes));
const pointsOf = (...list: Observation[]) => list.map((o) => mapPointOf(o)!).sort((a, b) => (a.id < b.id ? -1 : 1));

describe('map points', () => {
  it('a save puts the point (kind, position, directions), an edit moves it, a delete removes it and a restore brings it back', async () => {
    const camera = makeObservation();
    const sensor = makeObservation({ kind: 'sound_sensor', details: {} });
    await saveObservation(db(), camera);
    await saveObservation(db(), sensor);
    expect(await listMapPoints(db())).toEqual(pointsOf(camera, sensor));
    expect(mapPointOf(camera)).toEqual({ id: camera.id, kind: 'camera', lon: 4.3517, lat: 50.8466, direction: [{ bearing: 90 }] });

    const there = moved(camera, 4.36, 1);
    await saveObservation(db(), there);
    expect(await listMapPoints(db())).toEqual(pointsOf(there, sensor));
    await deleteObservation(db(), camera.id, at(2));
    expect(await listMapPoints(db())).toEqual(pointsOf(sensor));
    await restoreObservation(db(), camera.id, at(3));
    expect(await listMapPoints(db())).toEqual(pointsOf(there, sensor));
  });

  it('a refused save (stale version) leaves the point as it was', async () => {
    const camera = makeObservation();
    const v2 = moved(camera, 4.36, 1);
    await saveObservation(db(), camera);
    await saveObservation(db(), v2);
    await expect(saveObservation(db(), { ...moved(camera, 4.4, 2), version: 2 })).rejects.toMatchObject({ key: 'store.stale' });
    expect(await listMapPoints(db())).toEqual(pointsOf(v2));
  });

  it('an import puts the points of what it writes, tombstones taking theirs away', async () => {
    const kept = makeObservation();
    const gone = makeObservation();
    await saveObservation(db(), gone);
    const tomb = { ...gone, deleted: true, version: 2, updatedAt: at(1).toISOString() };
    await applyImport(db(), { observations: [kept, tomb] }, at(2));
    expect(await listMapPoints(db())).toEqual(pointsOf(kept));
  });

  it('a conflict draws the server copy; keeping mine draws mine again', async () => {
    const v1 = makeObservation();
    await saveObservation(db(), v1);
    await acknowledge(db(), [{ id: v1.id, version: 1, serverVersion: 1 }]);
    const mine = moved(v1, 4.36, 1);
    await saveObservation(db(), mine);
    const server = { ...moved(v1, 4.37, 2), version: 3 };
    await markConflict(db(), server, at(3));
    expect(await listMapPoints(db())).toEqual(pointsOf(server));
    await resolveConflict(db(), v1.id, 'mine', at(4));
    expect((await listMapPoints(db()))[0]).toMatchObject({ id: v1.id, lon: 4.36 });
  });

  it('a point that fails its schema is left off the map, also from a raw read started earlier; discarding a damaged record leaves no point', async () => {
    const good = makeObservation();
    await saveObservation(db(), good);
    await db().put('mapPoints', { id: 'broken', kind: 'camera', lon: 'far', lat: 50 } as never);
    expect(await listMapPoints(db())).toEqual(pointsOf(good));
    expect(await listMapPoints(db(), readMapPointRecords(db()))).toEqual(pointsOf(good));
    await db().put('observations', { id: 'broken', kind: 'camera' } as never);
    await discardDamaged(db(), 'broken');
    expect(await db().get('mapPoints', 'broken')).toBeUndefined();
  });
});
