/**
 * The directions of a device: one number input per direction (a pole may hold several cameras),
 * a button to add one and one to remove each, and the compass button, which fills the current
 * direction (the one last focused or added). A range read from a file keeps its width and says it.
 */
import type { ComponentChildren } from 'preact';
import { formatDirection } from '../../core/direction.ts';
import { useT } from '../i18n/language.ts';
import { ErrorText, fieldInputId } from './detail-field.tsx';
import { directionEntries, entryDirection, entryInputValue, withEntryAdded, withEntryBearing, withEntryRemoved } from './direction-entries.ts';
import type { FieldError } from './form-model.ts';

export interface DirectionsFieldProps {
  /** The directions in OSM form, one entry per input (direction-entries.ts). */
  value: string;
  /** The entry the compass and the map handle set. */
  current: number;
  onCurrent: (index: number) => void;
  /** Applies a change to the directions as they are now (not as last drawn: taps may come faster). */
  onChange: (change: (value: string) => string) => void;
  error: FieldError | undefined;
  /** The compass button. */
  compass: ComponentChildren;
}

export function DirectionsField({ value, current, onCurrent, onChange, error, compass }: DirectionsFieldProps) {
  const t = useT();
  const entries = directionEntries(value);
  const id = fieldInputId('direction');
  const errorId = `${id}-error`;
  return (
    <fieldset class="field directions-field" aria-describedby={error ? errorId : undefined}>
      <legend id={`${id}-legend`}>{t('field.direction')}</legend>
      {entries.map((entry, i) => {
        const width = entryDirection(entry)?.width;
        const [from, to] = width === undefined ? [] : formatDirection(entryDirection(entry)!).split('-');
        return (
          <div key={i} class={i === Math.min(current, entries.length - 1) && entries.length > 1 ? 'field-row direction-row current' : 'field-row direction-row'}>
            <input
              id={i === 0 ? id : `${id}-${i + 1}`}
              type="number"
              inputMode="decimal"
              min={0}
              max={359}
              step="any"
              value={entryInputValue(entry)}
              aria-label={entries.length > 1 ? t('log.directionNumber', { n: i + 1 }) : undefined}
              aria-labelledby={entries.length > 1 ? undefined : `${id}-legend`}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              data-testid={i === 0 ? 'direction-input' : `direction-input-${i + 1}`}
              onFocus={() => onCurrent(i)}
              onInput={(e) => {
                const typed = e.currentTarget.value;
                onChange((v) => withEntryBearing(v, i, typed));
              }}
            />
            {width !== undefined && <span class="hint direction-range">{t('log.directionRange', { from: from ?? '', to: to ?? '' })}</span>}
            {entries.length > 1 && (
              <button
                type="button"
                class="secondary"
                aria-label={t('log.directionRemoveLabel', { n: i + 1 })}
                data-testid="direction-remove"
                onClick={() => {
                  onChange((v) => withEntryRemoved(v, i));
                  onCurrent(Math.max(0, Math.min(current, entries.length - 2)));
                }}
              >
                {t('log.directionRemove')}
              </button>
            )}
          </div>
        );
      })}
      <div class="button-row">
        <button
          type="button"
          class="secondary"
          data-testid="direction-add"
          onClick={() => {
            onChange(withEntryAdded);
            onCurrent(entries.length);
          }}
        >
          {t('log.directionAdd')}
        </button>
        {compass}
      </div>
      <ErrorText id={errorId} error={error} />
    </fieldset>
  );
}
