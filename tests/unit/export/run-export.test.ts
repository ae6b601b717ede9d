import { describe, expect, it } from 'vitest';
import { tombstone } from '../../../src/core/observation-factory.ts';
import { runExport, type ExportRequest } from '../../../src/app/export/run-export.ts';
import { ExportError } from '../../../src/app/export/export-errors.ts';
import { saveObservation } from '../../../src/store/observations.ts';
import { putShared } from '../../../src/store/shared.ts';
import { makeObservation, useFreshDb } from '../store/fixtures.ts';

const { db } = useFreshDb();

function request(overrides: Partial<ExportRequest> = {}): ExportRequest & { delivered: string[] } {
  const delivered: string[] = [];
  return {
    format: 'geojson',
    selected: null,
    withShared: false,
    lang: 'fr',
    options: { kindLabel: (kind) => kind },
    now: new Date('2026-11-28T12:00:00Z'),
    onProgress: () => undefined,
    deliver: (_file, name) => delivered.push(name),
    delivered,
    ...overrides,
  };
}

describe('runExport', () => {
  it('exports every observation of mine, tombstones included (a lossless backup) but not counted, and hands the file over', async () => {
    const kept = makeObservation({ notes: 'kept' });
    const gone = makeObservation({ notes: 'gone' });
    await saveObservation(db(), kept);
    await saveObservation(db(), gone);
    await saveObservation(db(), tombstone(gone));
    const r = request();
    const done = await runExport(db(), r);
    expect(done).toMatchObject({ count: 1, missing: 0 });
    expect(r.delivered).toEqual([done!.name]);
    expect(done!.name).toMatch(/\.geojson$/);
    const features = JSON.parse(await done!.file!.text()).features as { properties: { notes: string } }[];
    expect(features).toHaveLength(2);
    expect(features.map((f) => f.properties.notes)).toContain('kept');
  });

  it('exports exactly the selection, with the shared map when asked', async () => {
    const mine = makeObservation({ notes: 'mine' });
    await saveObservation(db(), mine);
    await saveObservation(db(), makeObservation({ notes: 'not selected' }));
    await putShared(db(), [makeObservation({ notes: 'shared' })]);
    const done = await runExport(db(), request({ format: 'csv', selected: [mine], withShared: true }));
    expect(done!.count).toBe(2);
    const text = await done!.file!.text();
    expect(text).toContain('mine');
    expect(text).toContain('shared');
    expect(text).not.toContain('not selected');
  });

  it('refuses an empty text export with export.empty, and does nothing when the ZIP picker is cancelled', async () => {
    await expect(runExport(db(), request({ selected: [] }))).rejects.toSatisfy((e) => e instanceof ExportError && e.key === 'export.empty');
    const r = request({ format: 'zip', zipTarget: Promise.resolve(null) });
    expect(await runExport(db(), r)).toBeNull();
    expect(r.delivered).toEqual([]);
  });
});
