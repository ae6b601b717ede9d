/** Brussels operator suggestions for the operator field's <datalist>, labelled in the user's language. */
import { OPERATORS } from '../../core/operators.ts';
import type { Language } from '../i18n/catalogues.ts';

export function operatorOptions(lang: Language): { value: string; label: string }[] {
  return OPERATORS.map((o) => ({ value: o.value, label: o.label[lang] }));
}
