/**
 * The logging form, for a new observation or a new version of one. Position first (GPS pre-filled),
 * then the details of the kind, certainty, notes, photos; Save stays at the thumb at all times.
 * A new observation's form is kept as a draft while it is filled, so a killed app loses nothing.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Observation, Position } from '../../core/observation.ts';
import { CERTAINTIES, KIND_META, type Certainty, type FieldName } from '../../core/taxonomy.ts';
import { saveObservation } from '../../store/observations.ts';
import { putPhotos, type PhotoRecord } from '../../store/photos.ts';
import { errorMessage, useLanguage, useT } from '../i18n/language.ts';
import { useCompassReading } from '../sensors/compass-reading.ts';
import { useGeolocation, type GeolocationState } from '../sensors/use-geolocation.ts';
import { useDb } from '../shell/db-context.ts';
import { afterNextPaint } from '../shell/after-paint.ts';
import { useFeedback } from '../shell/feedback.tsx';
import { ViewTitle } from '../shell/view-title.tsx';
import { DetailField, ErrorText } from './detail-field.tsx';
import { directionEntries, entryDirection, withEntryBearing } from './direction-entries.ts';
import { DirectionsField } from './directions-field.tsx';
import { buildObservation, withGpsFix, type FieldError, type FormErrors, type FormValues } from './form-model.ts';
import { useFormDraft } from './form-draft.ts';
import { operatorOptions } from './operator-list.ts';
import { PhotoField } from './photo-field.tsx';
import { PositionField } from './position-field.tsx';
import { DuplicateWarning } from './duplicate-warning.tsx';
import type { KnownDevice } from '../sync/use-collective-map.ts';
import { queueAction } from '../../store/actions.ts';
import { brusselsDay } from '../../core/public-time.ts';
import { KindIcon } from '../icons/icon.tsx';

export interface ObservationFormProps {
  initial: FormValues;
  /** The stored observation being edited; absent for a new one. */
  previous?: Observation;
  /** Draft key for a new observation; null: no draft (edits). */
  draftKey: string | null;
  onSaved: (obs: Observation) => void;
  onCancel: () => void;
  /** Cancel throws the draft away (an edit: the stored version is still there). */
  discardDraftOnCancel?: boolean;
  onChangeKind?: () => void;
  reencode?: (file: Blob) => Promise<PhotoRecord>;
  /** A new observation found to be a device already known ("it is this one"): nothing new is saved. */
  onDuplicate?: (device: KnownDevice) => void;
}

export function ObservationForm({ initial, previous, draftKey, onSaved, onCancel, discardDraftOnCancel, onChangeKind, reencode, onDuplicate }: ObservationFormProps) {
  const t = useT();
  const lang = useLanguage();
  const db = useDb();
  const { announce, toast } = useFeedback();
  const [values, setValues] = useState<FormValues>(initial);
  // The form as of the last change, ahead of rendering: Save and the draft read this.
  const latest = useRef(values);
  const setForm = (next: FormValues) => {
    latest.current = next;
    setValues(next);
  };
  const [records, setRecords] = useState<ReadonlyMap<string, PhotoRecord>>(new Map());
  const [errors, setErrors] = useState<FormErrors>({});
  const [saveError, setSaveError] = useState<FieldError | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // --- position: GPS pre-filled for a new observation, never over a pin the walker placed.
  const geo = useGeolocation({ immediate: !previous && !initial.position });
  const userAskedGps = useRef(false);
  useEffect(() => {
    if (!geo.position) return;
    const next = withGpsFix(latest.current, geo.position, userAskedGps.current);
    if (next !== latest.current) setForm(next);
    userAskedGps.current = false;
  }, [geo.position]);
  const geoForField: GeolocationState = {
    ...geo,
    request: () => {
      userAskedGps.current = true;
      return geo.request();
    },
  };

  // --- drafts: written a moment after each change, and at once when the app goes to the background.
  const draft = useFormDraft(db, draftKey, previous, () => latest.current);
  const update = (change: (v: FormValues) => FormValues) => {
    setForm(change(latest.current));
    draft.changed();
  };
  const setDetail = (name: FieldName, value: string) => {
    update((v) => ({ ...v, details: { ...v.details, [name]: value } }));
    setErrors((e) => (e[`details.${name}`] ? { ...e, [`details.${name}`]: undefined } : e));
  };
  // The direction the compass and the map handle set, when the device has several.
  const [currentDirection, setCurrentDirection] = useState(0);
  const setCurrentBearing = (deg: number) =>
    setDetail('direction', withEntryBearing(latest.current.details.direction ?? '', currentDirection, String(deg)));
  const setPosition = (p: Position) => {
    update((v) => ({ ...v, position: p }));
    setErrors((e) => (e.position ? { ...e, position: undefined } : e));
  };

  // --- compass: one reading taken when asked.
  const compass = useCompassReading((heading) => {
    setCurrentBearing(heading);
    announce(`${t('field.direction')} ${heading}°`);
  });

  // --- photos: stored at once for a new observation, so the draft can name them.
  const addPhoto = (record: PhotoRecord) => {
    setRecords((m) => new Map(m).set(record.hash, record));
    update((v) => (v.photos.includes(record.hash) ? v : { ...v, photos: [...v.photos, record.hash] }));
    if (draftKey) putPhotos(db, [record]).catch((e: unknown) => console.warn('draft photo not stored', e));
  };
  const removePhoto = (hash: string) => update((v) => ({ ...v, photos: v.photos.filter((h) => h !== hash) }));

  // A ref, not the state: two taps in one frame both see the state before the re-render.
  const savingNow = useRef(false);
  const save = async (event: Event) => {
    event.preventDefault();
    if (savingNow.current) return;
    setSaveError(null);
    const result = buildObservation(latest.current, previous);
    if (!result.ok) {
      setErrors(result.errors);
      announce(t('log.fixErrors'));
      // After the render that shows the messages, take the walker to the first one.
      setTimeout(() => {
        const form = formRef.current;
        const control = form?.querySelector<HTMLElement>('input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"], [aria-invalid="true"] input');
        // A message with no control of its own (the position) is at least brought into view.
        const target = control ?? form?.querySelector<HTMLElement>('fieldset .field-error, .field .field-error');
        control?.focus({ preventScroll: true });
        // Centred, so the fixed Save bar does not hide it.
        target?.scrollIntoView({ block: 'center' });
      }, 0);
      return;
    }
    setErrors({});
    savingNow.current = true;
    setSaving(true);
    draft.finish();
    try {
      const fresh = latest.current.photos.flatMap((h) => records.get(h) ?? []);
      await saveObservation(db, result.observation, fresh, draftKey ? { clearDraft: draftKey } : {});
      toast({ text: t('log.saved') });
      // Leaving the form (its map torn down, the next view built and read) would hold back the
      // paint of "saved": it waits for that frame.
      await afterNextPaint();
      onSaved(result.observation);
    } catch (e) {
      draft.reopen();
      setSaveError({ key: errorMessage(e, 'store.failed') });
      savingNow.current = false;
      setSaving(false);
    }
  };

  // "It is this one": a confirmation of that device instead of a new one (mine: nothing to add).
  const sameDevice = async (device: KnownDevice) => {
    if (savingNow.current) return;
    savingNow.current = true;
    draft.finish();
    try {
      if (!device.own) await queueAction(db, { type: 'confirmation', confirmation: { id: device.id, answer: 'yes', on: brusselsDay(new Date().toISOString()) } });
      await draft.discard();
      toast({ text: t(device.own ? 'duplicate.alreadyMine' : 'duplicate.confirmed') });
      await afterNextPaint();
      onDuplicate?.(device);
    } catch (e) {
      draft.reopen();
      savingNow.current = false;
      setSaveError({ key: errorMessage(e, 'store.failed') });
    }
  };

  const cancel = () => {
    if (discardDraftOnCancel) draft.discard().catch((e: unknown) => console.warn('draft not cleared', e));
    onCancel();
  };

  const kind = values.kind;
  const fields = KIND_META[kind].fields;
  const detailValue = (name: FieldName) => values.details[name] ?? '';
  const direction = entryDirection(directionEntries(detailValue('direction'))[currentDirection] ?? '')?.bearing;

  const renderField = (name: FieldName) => {
    if (name === 'end') return null; // drawn with 'start' in the time window
    if (name === 'start') {
      return (
        <fieldset class="field time-window" key="time-window">
          <legend>{t('log.timeWindow')}</legend>
          {(['start', 'end'] as const).map((n) => (
            <DetailField key={n} name={n} value={detailValue(n)} error={errors[`details.${n}`]} onInput={(v) => setDetail(n, v)} />
          ))}
        </fieldset>
      );
    }
    if (name === 'direction') {
      return (
        <DirectionsField
          key={name}
          value={detailValue(name)}
          current={currentDirection}
          onCurrent={setCurrentDirection}
          onChange={(change) => setDetail(name, change(latest.current.details.direction ?? ''))}
          error={errors[`details.${name}`]}
          compass={
            <button type="button" class="secondary compass-button" disabled={!compass.supported || compass.denied} onClick={compass.ask}>
              {t('log.compass')}
            </button>
          }
        />
      );
    }
    return (
      <DetailField
        key={name}
        name={name}
        value={detailValue(name)}
        error={errors[`details.${name}`]}
        onInput={(v) => setDetail(name, v)}
        list={name === 'operator' ? 'operator-suggestions' : undefined}
      />
    );
  };

  return (
    <form ref={formRef} class="observation-form" noValidate onSubmit={save} data-testid="observation-form" data-kind={kind}>
      <header class="form-header">
        <span class="kind-badge" style={{ background: KIND_META[kind].color }} aria-hidden="true">
          <KindIcon kind={kind} />
        </span>
        <ViewTitle>{t(previous ? 'log.editTitle' : 'log.newTitle', { kind: t(`kind.${kind}`) })}</ViewTitle>
        {onChangeKind && (
          <button type="button" class="link-button" onClick={onChangeKind}>
            {t('log.changeKind')}
          </button>
        )}
      </header>

      {!previous && <DuplicateWarning kind={kind} position={values.position} supersedes={values.supersedes} onSame={(d) => void sameDevice(d)} />}

      <PositionField
        kind={kind}
        position={values.position}
        onChange={setPosition}
        geo={geoForField}
        direction={direction}
        onDirectionChange={setCurrentBearing}
        error={errors.position}
      />

      {fields.length > 0 && (
        <section class="details" aria-labelledby="details-heading">
          <h2 id="details-heading">{t('log.details')}</h2>
          {fields.map(renderField)}
          {compass.waiting && (
            <p class="hint" role="status" data-testid="compass-status">
              {compass.denied || compass.silent ? t('log.compassUnsupported') : t('log.compassWaiting')}
            </p>
          )}
          {fields.includes('direction') && !compass.supported && <p class="hint">{t('log.compassUnsupported')}</p>}
          <datalist id="operator-suggestions">
            {operatorOptions(lang).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </datalist>
        </section>
      )}

      <fieldset class="field segmented">
        <legend>{t('certainty.label')}</legend>
        <div class="segments">
          {CERTAINTIES.map((c: Certainty) => (
            <label key={c} class="segment">
              <input type="radio" name="certainty" value={c} checked={values.certainty === c} onChange={() => update((v) => ({ ...v, certainty: c }))} />
              <span>{t(`certainty.${c}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div class="field">
        <label for="notes">{t('log.notes')}</label>
        <textarea
          id="notes"
          rows={3}
          value={values.notes}
          data-testid="notes-input"
          aria-invalid={errors.notes ? true : undefined}
          aria-describedby={errors.notes ? 'notes-error' : undefined}
          onInput={(e) => {
            const notes = e.currentTarget.value;
            update((v) => ({ ...v, notes }));
          }}
        />
        <ErrorText id="notes-error" error={errors.notes} />
      </div>

      <PhotoField
        hashes={values.photos}
        records={records}
        onAdd={addPhoto}
        onRemove={removePhoto}
        error={errors.photos}
        {...(reencode ? { reencode } : {})}
      />

      <div class="form-actions">
        {saveError && (
          <p class="field-error" role="alert" data-testid="save-error">
            {t(saveError.key)}
          </p>
        )}
        {Object.values(errors).some(Boolean) && !saveError && (
          <p class="field-error" data-testid="form-errors">
            {t('log.fixErrors')}
          </p>
        )}
        <div class="button-row">
          <button type="button" class="secondary" onClick={cancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" data-testid="save-observation" disabled={saving} aria-busy={saving}>
            {saving ? t('log.saving') : t('log.save')}
          </button>
        </div>
      </div>
    </form>
  );
}
