/**
 * The observation model: one schema per shape, and the types inferred from them. Validates on the
 * device (form, IndexedDB reads, imports) and on the server (sync) alike.
 */
import { z } from './zod.ts';
import { directionsSchema, type Direction } from './direction.ts';
import { CERTAINTIES, FIELDS, KINDS, KIND_META, type FieldName, type FieldSpec } from './taxonomy.ts';

export const LIMITS = {
  notes: 5000,
  photos: 10,
  accuracy: 100_000,
} as const;

const isoDate = z.iso.datetime({ offset: true });
const uuid = z.uuid();
export const sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256'));

function fieldSchema(spec: FieldSpec): z.ZodMiniType {
  switch (spec.type) {
    case 'choice':
      return z.enum(spec.values as unknown as [string, ...string[]]);
    case 'number': {
      const n = z.number().check(z.minimum(spec.min), z.maximum(spec.max));
      return 'integer' in spec && spec.integer ? n.check(z.int()) : n;
    }
    case 'text':
      return z.string().check(z.trim(), z.minLength(1), z.maxLength(spec.maxLength));
    case 'datetime':
      return isoDate;
    case 'directions':
      return directionsSchema;
  }
}

const detailShape = Object.fromEntries(
  Object.entries(FIELDS).map(([name, spec]) => [name, z.optional(fieldSchema(spec))]),
) as { [K in FieldName]: z.ZodMiniOptional<z.ZodMiniType> };

export const detailsSchema = z.strictObject(detailShape);
export type Details = Partial<{
  [K in FieldName]: (typeof FIELDS)[K] extends { type: 'number' } ? number : (typeof FIELDS)[K] extends { type: 'directions' } ? Direction[] : string;
}>;

export const positionSchema = z.strictObject({
  lon: z.number().check(z.minimum(-180), z.maximum(180)),
  lat: z.number().check(z.minimum(-90), z.maximum(90)),
  /** Radius of the 68 % confidence circle in metres, as the Geolocation API gives it. */
  accuracy: z.nullable(z.number().check(z.minimum(0), z.maximum(LIMITS.accuracy))),
  source: z.enum(['gps', 'manual']),
});
export type Position = z.infer<typeof positionSchema>;

export const observationSchema = z
  .strictObject({
    id: uuid,
    kind: z.enum(KINDS),
    position: positionSchema,
    observedAt: isoDate,
    createdAt: isoDate,
    updatedAt: isoDate,
    version: z.number().check(z.int(), z.minimum(1)),
    certainty: z.enum(CERTAINTIES),
    notes: z.string().check(z.maxLength(LIMITS.notes)),
    photos: z.array(sha256Hex).check(z.maxLength(LIMITS.photos)),
    walkId: z.optional(uuid),
    details: detailsSchema,
    /** "It changed" (replaced, moved, another kind): the device this observation takes the place
     * of, by the id this device knows it by (a shared device's public id, or one of mine). Publishing
     * it marks that device removed (server moderation-store.ts); never public. */
    supersedes: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    /** A tombstone: deletes travel like edits and are never hard deletes. */
    deleted: z.optional(z.boolean()),
  })
  // Custom issues carry params.key, a message key for validation-messages.ts.
  .check(z.superRefine((obs, ctx) => {
    const allowed: readonly string[] = KIND_META[obs.kind].fields;
    for (const key of Object.keys(obs.details)) {
      if (!allowed.includes(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['details', key],
          message: `field ${key} does not apply to ${obs.kind}`,
          params: { key: 'field.notForKind', kind: obs.kind },
        });
      }
    }
    const { start, end } = obs.details as { start?: string; end?: string };
    if (start && end && Date.parse(end) < Date.parse(start)) {
      ctx.addIssue({
        code: 'custom',
        path: ['details', 'end'],
        message: 'end is before start',
        params: { key: 'field.endBeforeStart' },
      });
    }
  }));

export type Observation = Omit<z.infer<typeof observationSchema>, 'details'> & { details: Details };
