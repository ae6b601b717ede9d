// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listObservations } from '../../../src/store/observations.ts';
import { loadDraft } from '../../../src/store/drafts.ts';
import { listActions } from '../../../src/store/actions.ts';
import { applyPulledPage } from '../../../src/store/shared.ts';
import { newObservation } from '../../../src/core/observation-factory.ts';
import { $, $$, byTestId, startApp, typeInto, waitFor, type Harness } from './app-harness.ts';

// MapLibre needs WebGL; the picker is the map helper's and is tested there.
vi.mock('../../../src/app/map/position-picker.tsx', () => ({ PositionPicker: () => null }));
vi.mock('../../../src/app/map/observation-map.tsx', () => ({ ObservationMap: () => null }));

const FIX = { coords: { latitude: 50.8466, longitude: 4.3517, accuracy: 11 } };

function fakeGeolocation(answer: 'ok' | 'denied'): void {
  const geolocation = {
    getCurrentPosition: (ok: (p: unknown) => void, fail: (e: unknown) => void) =>
      setTimeout(() => (answer === 'ok' ? ok(FIX) : fail({ code: 1, message: 'denied' })), 0),
  };
  Object.defineProperty(navigator, 'geolocation', { value: geolocation, configurable: true });
}

let app: Harness | null = null;
beforeEach(() => fakeGeolocation('ok'));
afterEach(() => {
  app?.unmount();
  app = null;
});

const submit = () => $<HTMLButtonElement>(byTestId('save-observation'))!.click();

describe('logging form', () => {
  it('saves two directions: one added with its own input, and one removed again', async () => {
    app = await startApp('#/log/camera');
    await waitFor(() => $(byTestId('position-status'))?.textContent?.includes('± 11 m'), 'the GPS position');
    typeInto($<HTMLInputElement>(byTestId('direction-input'))!, '90');
    $<HTMLButtonElement>(byTestId('direction-add'))!.click();
    const second = await waitFor(() => $<HTMLInputElement>(byTestId('direction-input-2')), 'a second direction input');
    typeInto(second, '270');
    $<HTMLButtonElement>(byTestId('direction-add'))!.click();
    typeInto(await waitFor(() => $<HTMLInputElement>(byTestId('direction-input-3')), 'a third one'), '10');
    $$<HTMLButtonElement>(byTestId('direction-remove'))[2]!.click();
    await waitFor(() => $(byTestId('direction-input-3')) === null, 'the third one removed');
    submit();
    await waitFor(() => location.hash === '#/list', 'the list after saving');
    const { observations } = await listObservations(app.db);
    expect(observations[0]?.details.direction).toEqual([{ bearing: 90 }, { bearing: 270 }]);
  });

  it('blocks an out-of-range direction with a message next to the field, and stores nothing', async () => {
    app = await startApp('#/log/camera');
    await waitFor(() => $(byTestId('position-status'))?.textContent?.includes('± 11 m'), 'the GPS position');
    const direction = $<HTMLInputElement>(byTestId('direction-input'))!;
    expect(direction.type).toBe('number');
    expect(direction.max).toBe('359');

    typeInto(direction, '400');
    submit();
    const error = await waitFor(() => document.getElementById(direction.getAttribute('aria-describedby') ?? ''), 'the field message');
    expect(error.textContent).toContain('Au plus 359.');
    expect(direction.getAttribute('aria-invalid')).toBe('true');
    expect((await listObservations(app.db)).observations).toHaveLength(0);

    typeInto(direction, '90');
    typeInto($<HTMLTextAreaElement>(byTestId('notes-input'))!, 'Au coin de la rue');
    submit();
    await waitFor(() => location.hash === '#/list', 'the list after saving');
    const { observations } = await listObservations(app.db);
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({ kind: 'camera', notes: 'Au coin de la rue', details: { direction: [{ bearing: 90 }] } });
    expect(observations[0]?.position).toEqual({ lon: 4.3517, lat: 50.8466, accuracy: 11, source: 'gps' });
    expect(await waitFor(() => $(byTestId('announcer'))?.textContent, 'an announcement')).toBe('Enregistré.');
    // The saved form must not come back as a draft.
    expect(await loadDraft(app.db)).toBeUndefined();
  });

  it('saves one observation for a double tap on Save', async () => {
    app = await startApp('#/log/camera');
    await waitFor(() => $(byTestId('position-status'))?.textContent?.includes('± 11 m'), 'the GPS position');
    submit();
    submit();
    await waitFor(() => location.hash === '#/list', 'the list after saving');
    await new Promise((r) => setTimeout(r, 50));
    expect((await listObservations(app.db)).observations).toHaveLength(1);
  });

  it('warns of a published device of a related kind within 15 m; "it is this one" queues a confirmation and saves nothing', async () => {
    const known = newObservation({ kind: 'alpr', position: { lon: 4.3518, lat: 50.8466, accuracy: 5, source: 'gps' } });
    const gone = newObservation({ kind: 'camera', position: { lon: 4.3517, lat: 50.84661, accuracy: 5, source: 'gps' } });
    const mast = newObservation({ kind: 'antenna', position: { lon: 4.3517, lat: 50.8466, accuracy: 5, source: 'gps' } });
    app = await startApp('#/list');
    await applyPulledPage(app.db, {
      observations: [known, gone, mast],
      publication: [
        { id: known.id, state: 'published', confirmations: 3 },
        { id: gone.id, state: 'removed' },
        { id: mast.id, state: 'published' },
      ],
      next: '3',
    });
    location.hash = '#/log/camera';
    const warning = await waitFor(() => $(byTestId('duplicate-warning')), 'the duplicate warning');
    expect(warning.getAttribute('data-id')).toBe(known.id);
    $<HTMLButtonElement>(byTestId('duplicate-same'))!.click();
    await waitFor(() => location.hash === '#/list', 'the list after "it is this one"');
    expect((await listObservations(app.db)).observations).toHaveLength(0);
    expect((await listActions(app.db)).map((a) => a.type === 'confirmation' && a.confirmation)).toEqual([
      expect.objectContaining({ id: known.id, answer: 'yes' }),
    ]);
  });

  it('records the legal pictogram of a camera (signage-input)', async () => {
    app = await startApp('#/log/camera');
    await waitFor(() => $(byTestId('position-status'))?.textContent?.includes('± 11 m'), 'the GPS position');
    const choices = $$<HTMLInputElement>(byTestId('signage-input'));
    expect(choices.map((c) => c.value)).toEqual(['pictogram_contact', 'pictogram', 'none', 'unknown']);
    choices.find((c) => c.value === 'none')!.click();
    submit();
    await waitFor(() => location.hash === '#/list', 'the list after saving');
    const { observations } = await listObservations(app.db);
    expect(observations[0]?.details).toMatchObject({ signage: 'none' });
  });

  it('says so when geolocation is refused, and takes typed coordinates instead', async () => {
    fakeGeolocation('denied');
    app = await startApp('#/log/guard');
    const alert = await waitFor(() => $(byTestId('geo-error')), 'the geolocation message');
    expect(alert.textContent).toContain('refusée');
    submit();
    await waitFor(() => $('#position-error'), 'the position message');

    const open = $$<HTMLButtonElement>('button').find((b) => b.textContent === 'Saisir les coordonnées')!;
    open.click();
    const lat = await waitFor(() => $<HTMLInputElement>(byTestId('latitude-input')), 'the latitude input');
    typeInto(lat, '50,85');
    typeInto($<HTMLInputElement>(byTestId('longitude-input'))!, '4.36');
    submit();
    await waitFor(() => location.hash === '#/list', 'the list after saving');
    const [obs] = (await listObservations(app.db)).observations;
    expect(obs?.position).toEqual({ lat: 50.85, lon: 4.36, accuracy: null, source: 'manual' });
  });

  it('keeps a half-filled form as a draft and offers it back', async () => {
    app = await startApp('#/log/antenna');
    const notes = await waitFor(() => $<HTMLTextAreaElement>(byTestId('notes-input')), 'the form');
    typeInto(notes, 'mât sur le toit');
    // The draft is written after a short pause.
    let stored = await loadDraft(app.db);
    for (let i = 0; i < 100 && !stored; i++) {
      await new Promise((r) => setTimeout(r, 20));
      stored = await loadDraft(app.db);
    }
    expect(stored).toMatchObject({ kind: 'antenna', notes: 'mât sur le toit' });

    location.hash = '#/log';
    const offer = await waitFor(() => $(byTestId('draft-offer')), 'the draft offer');
    expect(offer.textContent).toContain('Antenne');
    $<HTMLButtonElement>(byTestId('draft-resume'))!.click();
    const resumed = await waitFor(() => $<HTMLTextAreaElement>(byTestId('notes-input')), 'the resumed form');
    expect(resumed.value).toBe('mât sur le toit');
  });

  it('takes one compass reading when asked and puts it in the direction', async () => {
    const win = window as unknown as Record<string, unknown>;
    win.DeviceOrientationEvent = class {};
    win.ondeviceorientationabsolute = null;
    try {
      app = await startApp('#/log/camera');
      const button = await waitFor(() => $<HTMLButtonElement>('.compass-button'), 'the compass button');
      expect(button.disabled).toBe(false);
      button.click();
      await waitFor(() => $(byTestId('compass-status')), 'the compass status');
      const turn = (alpha: number) => window.dispatchEvent(Object.assign(new Event('deviceorientationabsolute'), { alpha, absolute: true }));
      turn(270);
      await waitFor(() => $<HTMLInputElement>(byTestId('direction-input'))?.value === '90', 'the reading in the direction');
      expect($(byTestId('compass-status'))).toBeNull();
      // The sensor was let go: a later turn changes nothing.
      turn(180);
      await new Promise((r) => setTimeout(r, 50));
      expect($<HTMLInputElement>(byTestId('direction-input'))?.value).toBe('90');
    } finally {
      delete win.DeviceOrientationEvent;
      delete win.ondeviceorientationabsolute;
    }
  });

  it('shows a kind button for every kind of the taxonomy', async () => {
    const { KINDS } = await import('../../../src/core/taxonomy.ts');
    app = await startApp('#/log');
    await waitFor(() => $(byTestId('kind-camera')), 'the picker');
    for (const kind of KINDS) expect($(byTestId(`kind-${kind}`)), kind).not.toBeNull();
  });
});

describe('editing', () => {
  it('keeps an unsaved edit as a draft of that version, and drops it on cancel', async () => {
    const { newObservation } = await import('../../../src/core/observation-factory.ts');
    const { saveObservation } = await import('../../../src/store/observations.ts');
    const { editDraftKey } = await import('../../../src/app/log/log-views.tsx');
    const obs = newObservation({ kind: 'camera', position: { lon: 4.35, lat: 50.84, accuracy: 5, source: 'gps' }, notes: 'avant' });
    app = await startApp(`#/obs/${obs.id}/edit`, { seed: (db) => saveObservation(db, obs) });
    const notes = await waitFor(() => $<HTMLTextAreaElement>(byTestId('notes-input')), 'the edit form');
    typeInto(notes, 'après');
    let draft = await loadDraft(app.db, editDraftKey(obs.id));
    for (let i = 0; i < 100 && !draft; i++) {
      await new Promise((r) => setTimeout(r, 20));
      draft = await loadDraft(app.db, editDraftKey(obs.id));
    }
    expect(draft).toMatchObject({ id: obs.id, version: 1, notes: 'après' });

    // Coming back to the edit offers the unsaved change again.
    location.hash = `#/obs/${obs.id}`;
    await waitFor(() => $(byTestId('observation-detail')), 'the detail');
    location.hash = `#/obs/${obs.id}/edit`;
    await waitFor(() => $(byTestId('edit-draft-notice')), 'the restored-draft notice');
    expect($<HTMLTextAreaElement>(byTestId('notes-input'))?.value).toBe('après');

    $$<HTMLButtonElement>('.form-actions button').find((b) => b.textContent === 'Annuler')!.click();
    for (let i = 0; i < 100 && draft; i++) {
      await new Promise((r) => setTimeout(r, 20));
      draft = await loadDraft(app.db, editDraftKey(obs.id));
    }
    expect(draft).toBeUndefined();
  });
});
