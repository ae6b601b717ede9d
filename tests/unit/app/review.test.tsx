// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newObservation } from '../../../src/core/observation-factory.ts';
import type { Observation } from '../../../src/core/observation.ts';
import type { Kind } from '../../../src/core/taxonomy.ts';
import { PAGE_SIZE } from '../../../src/app/review/list-filters.ts';
import { getObservation, listObservations, saveObservation } from '../../../src/store/observations.ts';
import type { ContrechampDb } from '../../../src/store/db.ts';
import { $, $$, byTestId, choose, startApp, typeInto, waitFor, type Harness } from './app-harness.ts';

vi.mock('../../../src/app/map/position-picker.tsx', () => ({ PositionPicker: () => null }));
vi.mock('../../../src/app/map/observation-map.tsx', () => ({ ObservationMap: () => null }));

const KIND_CYCLE: Kind[] = ['camera', 'alpr', 'antenna', 'guard'];

/** `count` observations one minute apart; every 10th mentions "Sécurité" in its notes. */
function makeObservations(count: number): Observation[] {
  return Array.from({ length: count }, (_, i) =>
    newObservation(
      {
        kind: KIND_CYCLE[i % KIND_CYCLE.length]!,
        position: { lon: 4.35 + i * 1e-5, lat: 50.84, accuracy: 10, source: 'gps' },
        notes: i % 10 === 0 ? `Sécurité n°${i}` : `obs ${i}`,
        observedAt: new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString(),
      },
      new Date(Date.UTC(2026, 10, 28, 12, 0)),
    ),
  );
}

async function seed(db: ContrechampDb, list: Observation[]): Promise<void> {
  for (const obs of list) await saveObservation(db, obs);
}

const rows = () => $$(`${byTestId('observation-list')} ${byTestId('observation-item')}`);

let app: Harness | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

describe('list', () => {
  it('shows the newest first, a page at a time, and filters by kind and text', async () => {
    const all = makeObservations(230);
    app = await startApp('#/list', { seed: (db) => seed(db, all) });
    // The first screen's few rows first, then a page once every observation is read.
    await waitFor(() => rows().length > 0, 'the rows');
    expect(rows().length).toBeLessThanOrEqual(PAGE_SIZE);
    await waitFor(() => $(byTestId('list-count')), 'the full read');
    expect(rows()).toHaveLength(PAGE_SIZE);
    // Newest first: the last one made has the latest observedAt.
    expect(rows()[0]?.dataset['id']).toBe(all[229]!.id);
    expect(rows()[1]?.dataset['id']).toBe(all[228]!.id);

    // "Show more" comes once every observation is read, not only the first screen.
    (await waitFor(() => $<HTMLButtonElement>(byTestId('show-more')), 'the show-more button')).click();
    await waitFor(() => rows().length === 2 * PAGE_SIZE, 'the second page');

    choose($<HTMLSelectElement>(byTestId('filter-kind'))!, 'antenna');
    const antennas = all.filter((o) => o.kind === 'antenna');
    await waitFor(() => rows().length === Math.min(antennas.length, PAGE_SIZE), 'antennas only');
    expect(new Set(rows().map((r) => r.dataset['id']))).toEqual(new Set(antennas.slice(-PAGE_SIZE).map((o) => o.id)));

    choose($<HTMLSelectElement>(byTestId('filter-kind'))!, '');
    // Accents and case are forgiven.
    typeInto($<HTMLInputElement>(byTestId('filter-text'))!, 'securite');
    await waitFor(() => rows().length === 23, 'the 23 notes that mention Sécurité');
    expect($(byTestId('list-count'))?.textContent).toBe('23 sur 23');
  });

  it('filters by date range', async () => {
    const all = makeObservations(3).map((o, i) => ({ ...o, observedAt: new Date(2026, 10, 20 + i, 12).toISOString() }));
    app = await startApp('#/list', { seed: (db) => seed(db, all) });
    await waitFor(() => rows().length === 3, 'three rows');
    typeInto($<HTMLInputElement>(byTestId('filter-from'))!, '2026-11-21');
    typeInto($<HTMLInputElement>(byTestId('filter-to'))!, '2026-11-21');
    await waitFor(() => rows().length === 1, 'one row');
    expect(rows()[0]?.dataset['id']).toBe(all[1]!.id);
  });

  it('lists a damaged record as damaged instead of failing', async () => {
    const [good] = makeObservations(1);
    app = await startApp('#/list', {
      seed: async (db) => {
        await seed(db, [good!]);
        // A record written by a buggy older version: not an observation any more.
        await db.put('observations', { id: 'broken-1', kind: 'teapot', observedAt: '2026-11-01T00:00:00.000Z' } as unknown as Observation);
      },
    });
    const damaged = await waitFor(() => $<HTMLElement>(byTestId('damaged-item')), 'the damaged record');
    expect(damaged.dataset['id']).toBe('broken-1');
    expect(rows()).toHaveLength(1);

    // Discard asks first; Cancel keeps the record.
    $<HTMLButtonElement>(`${byTestId('damaged-item')} ${byTestId('discard-damaged')}`)!.click();
    const dialog = await waitFor(() => $<HTMLDialogElement>(byTestId('discard-dialog')), 'the confirmation');
    expect(dialog.tagName).toBe('DIALOG');
    // showModal runs in an effect after the dialog is rendered: on a busy machine, a moment later.
    await waitFor(() => dialog.open, 'the dialog to open');
    $<HTMLButtonElement>(byTestId('discard-cancel'))!.click();
    await waitFor(() => !$(byTestId('discard-dialog')), 'the dialog to close');
    expect((await listObservations(app.db)).damaged.map((d) => d.key)).toEqual(['broken-1']);

    // Confirmed: gone from the store and from the list; the good observation stays.
    $<HTMLButtonElement>(byTestId('discard-damaged'))!.click();
    (await waitFor(() => $<HTMLButtonElement>(byTestId('discard-confirm')), 'the confirm button')).click();
    await waitFor(() => !$(byTestId('damaged-item')), 'the damaged record to go');
    const after = await listObservations(app.db);
    expect(after.damaged).toEqual([]);
    expect(after.observations.map((o) => o.id)).toEqual([good!.id]);
    expect(rows()).toHaveLength(1);
  });
});

describe('detail', () => {
  it('shows the details in words, edits as a new version, deletes with an undo', async () => {
    const obs = newObservation({
      kind: 'camera',
      position: { lon: 4.35, lat: 50.84, accuracy: 7, source: 'gps' },
      details: { cameraType: 'dome', direction: [{ bearing: 45 }] },
      notes: 'gare du Midi',
    });
    app = await startApp(`#/obs/${obs.id}`, { seed: (db) => seed(db, [obs]) });
    const detail = await waitFor(() => $(byTestId('observation-detail')), 'the detail');
    expect(detail.textContent).toContain('Dôme');
    expect(detail.textContent).toContain('gare du Midi');

    $<HTMLAnchorElement>(byTestId('edit-observation'))!.click();
    location.hash = `#/obs/${obs.id}/edit`;
    const notes = await waitFor(() => $<HTMLTextAreaElement>(byTestId('notes-input')), 'the edit form');
    expect(notes.value).toBe('gare du Midi');
    typeInto(notes, 'gare du Midi, quai 3');
    $<HTMLButtonElement>(byTestId('save-observation'))!.click();
    await waitFor(() => location.hash === `#/obs/${obs.id}`, 'back to the detail');
    const edited = await getObservation(app.db, obs.id);
    expect(edited).toMatchObject({ version: 2, notes: 'gare du Midi, quai 3', details: { cameraType: 'dome', direction: [{ bearing: 45 }] } });

    await waitFor(() => $(byTestId('detail-notes'))?.textContent === 'gare du Midi, quai 3', 'the new notes');
    $<HTMLButtonElement>(byTestId('delete-observation'))!.click();
    await waitFor(() => location.hash === '#/list', 'the list after deleting');
    expect((await getObservation(app.db, obs.id))?.deleted).toBe(true);
    expect((await listObservations(app.db)).observations).toHaveLength(0);

    const undo = await waitFor(() => $<HTMLButtonElement>(byTestId('toast-action')), 'the undo button');
    expect(undo.textContent).toBe('Annuler');
    undo.click();
    await waitFor(() => rows().length === 1, 'the restored row');
    expect(await getObservation(app.db, obs.id)).toMatchObject({ version: 4 });
    expect((await getObservation(app.db, obs.id))?.deleted).toBeUndefined();
  });
});

describe('settings', () => {
  it('wipes the device only after the confirmation', async () => {
    const { h, render } = await import('preact');
    const { SettingsView } = await import('../../../src/app/settings/settings-view.tsx');
    const { DbContext } = await import('../../../src/app/shell/db-context.ts');
    const { openDb } = await import('../../../src/store/db.ts');
    const [obs] = makeObservations(1);
    app = await startApp('#/list', { seed: (db) => seed(db, [obs!]) });
    app.unmount();
    app = null;
    const db = await openDb();
    const root = document.createElement('div');
    document.body.append(root);
    let wiped = 0;
    render(h(DbContext.Provider, { value: db }, h(SettingsView, { afterWipe: () => (wiped += 1) })), root);
    try {
      (await waitFor(() => $<HTMLButtonElement>(byTestId('wipe-device')), 'the wipe button')).click();
      const dialog = await waitFor(() => $(byTestId('wipe-dialog')), 'the confirmation');
      expect(dialog.getAttribute('role')).toBe('alertdialog');
      // Cancel keeps everything.
      $<HTMLButtonElement>(byTestId('wipe-cancel'))!.click();
      await waitFor(() => !$(byTestId('wipe-dialog')), 'the dialog to close');
      expect(wiped).toBe(0);
      expect((await listObservations(db)).observations).toHaveLength(1);

      $<HTMLButtonElement>(byTestId('wipe-device'))!.click();
      (await waitFor(() => $<HTMLButtonElement>(byTestId('wipe-confirm')), 'the confirm button')).click();
      await waitFor(() => wiped === 1, 'the wipe to finish');
      const databases = await indexedDB.databases();
      expect(databases.map((d) => d.name)).not.toContain('contrechamp');
    } finally {
      render(null, root);
      root.remove();
    }
  });
});

describe('language', () => {
  it('switches every text and <html lang> from the settings', async () => {
    app = await startApp('#/settings', { lang: 'fr' });
    const select = await waitFor(() => $<HTMLSelectElement>(byTestId('language-select')), 'the language select');
    expect([...select.options].map((o) => o.value)).toEqual(['fr', 'nl', 'en']);
    expect($(byTestId('nav-settings'))?.textContent?.replaceAll('\u00AD', '')).toContain('Réglages');

    choose(select, 'nl');
    await waitFor(() => $(byTestId('nav-settings'))?.textContent?.replaceAll('\u00AD', '').includes('Instellingen'), 'Dutch navigation');
    expect(document.documentElement.lang).toBe('nl');
    expect($('h1')?.textContent).toBe('Instellingen');
    expect(localStorage.getItem('contrechamp.language')).toBe('nl');

    choose($<HTMLSelectElement>(byTestId('language-select'))!, 'en');
    await waitFor(() => $(byTestId('nav-list'))?.textContent?.includes('List'), 'English navigation');
    expect(document.documentElement.lang).toBe('en');
    expect($(byTestId('wipe-device'))?.textContent).toBe('Wipe this device');
  });
});
