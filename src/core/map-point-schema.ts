/** The map point as stored (core/map-point.ts): read back like every stored record, through this schema. */
import { directionsSchema } from './direction.ts';
import { positionSchema } from './observation.ts';
import { KINDS } from './taxonomy.ts';
import { z } from './zod.ts';

export const mapPointSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  kind: z.enum(KINDS),
  lon: positionSchema.shape.lon,
  lat: positionSchema.shape.lat,
  direction: z.optional(directionsSchema),
});
