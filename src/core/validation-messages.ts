/**
 * Schema errors as message keys the UI translates (fr, nl, en), so a form can block a bad value
 * with a sentence instead of zod's English. Keys are few on purpose; params fill the sentence.
 */
import type { z } from './zod.ts';
import { detailsSchema } from './observation.ts';
import type { FieldName } from './taxonomy.ts';

export const VALIDATION_KEYS = [
  'field.required',
  'field.tooSmall', // params.min
  'field.tooLarge', // params.max
  'field.tooLong', // params.max (characters)
  'field.tooMany', // params.max (items, e.g. photos)
  'field.notInteger',
  'field.notForKind', // params.kind
  'field.endBeforeStart',
  'field.invalid',
] as const;
export type ValidationKey = (typeof VALIDATION_KEYS)[number];

export interface ValidationMessage {
  /** Dotted path of the offending value, e.g. `details.direction`; '' for the whole object. */
  path: string;
  key: ValidationKey;
  params: Record<string, string | number>;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function messageFor(issue: z.core.$ZodIssue, input: unknown): Omit<ValidationMessage, 'path'> {
  // With the input at hand, "missing" is told apart from "wrong" whatever the issue code.
  if (input !== undefined && isBlank(valueAt(input, issue.path)) && issue.code !== 'custom') {
    return { key: 'field.required', params: {} };
  }
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return { key: 'field.notInteger', params: {} };
      return { key: issue.message.endsWith('received undefined') ? 'field.required' : 'field.invalid', params: {} };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { key: 'field.required', params: {} };
      return { key: 'field.tooSmall', params: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'field.tooLong', params: { max: Number(issue.maximum) } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'field.tooMany', params: { max: Number(issue.maximum) } };
      return { key: 'field.tooLarge', params: { max: Number(issue.maximum) } };
    case 'custom': {
      const key = issue.params?.['key'];
      if (typeof key === 'string' && (VALIDATION_KEYS as readonly string[]).includes(key)) {
        const params = Object.fromEntries(
          Object.entries(issue.params ?? {}).filter(
            ([k, v]) => k !== 'key' && (typeof v === 'string' || typeof v === 'number'),
          ),
        ) as Record<string, string | number>;
        return { key: key as ValidationKey, params };
      }
      return { key: 'field.invalid', params: {} };
    }
    default:
      return { key: 'field.invalid', params: {} };
  }
}

/**
 * One message per zod issue. Pass the value that was parsed as `input` so that an empty required
 * value reads as `field.required` rather than `field.invalid`.
 */
export function validationMessages(error: z.core.$ZodError, input?: unknown): ValidationMessage[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), ...messageFor(issue, input) }));
}

/** The first message for each path: what a form shows under each field. */
export function messagesByPath(messages: readonly ValidationMessage[]): Map<string, ValidationMessage> {
  const byPath = new Map<string, ValidationMessage>();
  for (const m of messages) if (!byPath.has(m.path)) byPath.set(m.path, m);
  return byPath;
}

/** Checks one detail value as the form holds it; null when it is acceptable (undefined is: details are optional). */
export function checkDetail(field: FieldName, value: unknown): ValidationMessage | null {
  const result = detailsSchema.shape[field].safeParse(value);
  if (result.success) return null;
  const first = validationMessages(result.error, { [field]: value })[0];
  return first ? { ...first, path: `details.${field}` } : null;
}
