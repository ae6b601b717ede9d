/** How a stored detail value reads in the user's language: choices translated, numbers localised. */
import { describeDirections } from '../../core/direction.ts';
import type { Details } from '../../core/observation.ts';
import { FIELDS, type FieldName } from '../../core/taxonomy.ts';
import type { Language, MessageKey } from '../i18n/catalogues.ts';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import type { Translate } from '../i18n/language.ts';

export function detailText(name: FieldName, value: Details[FieldName], t: Translate, lang: Language): string {
  if (value === undefined) return t('common.none');
  const spec = FIELDS[name];
  switch (spec.type) {
    case 'choice':
      return (spec.values as readonly string[]).includes(String(value)) ? t(`choice.${name}.${value}` as MessageKey) : String(value);
    case 'number':
      return formatNumber(Number(value), lang, { maximumFractionDigits: 1 });
    case 'datetime':
      return formatDateTime(String(value), lang);
    case 'directions':
      return Array.isArray(value) ? describeDirections(value) : String(value);
    default:
      return String(value);
  }
}
