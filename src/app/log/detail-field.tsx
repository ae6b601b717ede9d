/**
 * One detail input generated from its FIELDS spec: segmented buttons for short choices, a select
 * for long ones, number inputs with their bounds, datetime-local, text (operator with suggestions).
 */
import type { ComponentChildren } from 'preact';
import { FIELDS, type FieldName } from '../../core/taxonomy.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { useT } from '../i18n/language.ts';
import type { FieldError } from './form-model.ts';

/** Short choice lists fit one row of buttons on a 360 px screen; longer ones get a select. */
const SEGMENTED_MAX = 4;

export const fieldInputId = (name: FieldName): string => `field-${name}`;

export interface DetailFieldProps {
  name: FieldName;
  value: string;
  error: FieldError | undefined;
  onInput: (value: string) => void;
  /** Id of a <datalist> of suggestions (operator). */
  list?: string;
}

export function ErrorText({ id, error }: { id: string; error: FieldError | undefined }) {
  const t = useT();
  if (!error) return null;
  return (
    <p class="field-error" id={id} data-testid="field-error">
      {t(error.key, error.params)}
    </p>
  );
}

export function DetailField({ name, value, error, onInput, list }: DetailFieldProps) {
  const t = useT();
  const spec = FIELDS[name];
  const id = fieldInputId(name);
  const errorId = `${id}-error`;
  const label = t(`field.${name}`);
  const invalid = error ? true : undefined;
  const describedBy = error ? errorId : undefined;

  if (spec.type === 'choice' && spec.values.length <= SEGMENTED_MAX) {
    return (
      <fieldset class="field segmented" aria-describedby={describedBy} aria-invalid={invalid}>
        <legend>{label}</legend>
        <div class="segments">
          {spec.values.map((v) => (
            <label key={v} class="segment">
              <input
                type="radio"
                name={id}
                value={v}
                checked={value === v}
                data-testid={name === 'signage' ? 'signage-input' : undefined}
                // A second tap on the chosen value clears it: details are optional.
                onClick={() => onInput(value === v ? '' : v)}
                onChange={() => undefined}
              />
              <span>{t(`choice.${name}.${v}` as MessageKey)}</span>
            </label>
          ))}
        </div>
        <ErrorText id={errorId} error={error} />
      </fieldset>
    );
  }

  let input: ComponentChildren;
  if (spec.type === 'choice') {
    input = (
      <select id={id} value={value} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onInput(e.currentTarget.value)}>
        <option value="">{t('choice.unset')}</option>
        {spec.values.map((v) => (
          <option key={v} value={v}>
            {t(`choice.${name}.${v}` as MessageKey)}
          </option>
        ))}
      </select>
    );
  } else if (spec.type === 'number') {
    const integer = 'integer' in spec && spec.integer;
    input = (
      <input
        id={id}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        min={spec.min}
        max={spec.max}
        step={integer ? 1 : 'any'}
        value={value}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    );
  } else if (spec.type === 'datetime') {
    input = (
      <input id={id} type="datetime-local" value={value} aria-invalid={invalid} aria-describedby={describedBy} onInput={(e) => onInput(e.currentTarget.value)} />
    );
  } else {
    input = (
      <input
        id={id}
        type="text"
        maxLength={'maxLength' in spec ? spec.maxLength : undefined}
        value={value}
        list={list}
        autoComplete="off"
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    );
  }

  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="field-row">
        {input}
      </div>
      <ErrorText id={errorId} error={error} />
    </div>
  );
}
