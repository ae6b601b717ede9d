/**
 * The wire format of the sync protocol v1 (DESIGN.md "The sync protocol", src/server/README.md):
 * every JSON shape that crosses between a phone and the server, its status values and its limits,
 * defined once. The server (src/server) validates what it receives and types what it sends with
 * these schemas; the client (src/sync) validates what it receives with the same ones. Types are
 * inferred from the schemas.
 *
 * Vocabulary: a *change* is one observation as a device pushes it (the observation and the
 * `baseVersion` it was edited from); an *item result* is the server's answer to one change; a
 * *pull page* is one page of the shared map. A new endpoint adds its shapes here.
 */
import { z } from './zod.ts';
import { observationSchema, sha256Hex, type Observation } from './observation.ts';
import { LIMITS_MODERATION, PUBLICATION_STATES, REJECTION_REASONS, daySchema } from './publication.ts';

/** All endpoints live under this path of the server's origin. */
export const API_PREFIX = '/api/v1';

/** Changes per pushed batch; more is refused whole (`too_many_changes`). */
export const MAX_BATCH_CHANGES = 500;
/** Bytes of a pushed batch's JSON body; more is refused whole (`body_too_large`, 413). A client
 * splits its outbox by size as well as by count. */
export const MAX_BATCH_BYTES = 1024 * 1024;
/** Observations per pull page when the client asks for none (`limit`), and the most it may ask. */
export const PULL_PAGE_DEFAULT = 500;
export const PULL_PAGE_MAX = 1000;

/** The code of every error body, and what the client may rely on. */
export const ERROR_CODES = [
  'invalid_json',
  'invalid_body',
  /** 422: some changes of a batch are invalid; the body is still a batch answer (`results`). */
  'invalid_items',
  'too_many_changes',
  'body_too_large',
  'unsupported_media_type',
  'hash_mismatch',
  'not_an_image',
  'unauthorized',
  /** 403: a device token where a moderator token is needed. */
  'forbidden',
  /** 403: the collective's moderators blocked this device; it keeps what it holds. */
  'device_blocked',
  /** 422/409: a moderation decision that cannot apply (merge into itself, into a device not published…). */
  'invalid_decision',
  'not_found',
  'rate_limited',
  /** The server has no basemap archive to serve. */
  'basemap_missing',
  /** 503 with Retry-After: the database or the photo store cannot be reached for now; try again later. */
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every 4xx/5xx answer: `{ error: { code, message } }`. The client reads the code as any string, so a
 * newer server may add codes. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorBody = { error: { code: ErrorCode; message: string } };

/** `POST /devices` → 201. */
export const deviceTokenSchema = z.object({ token: z.string().check(z.minLength(16)) });

/** The version of a change's observation that the server last acknowledged; null for a new one. */
export const baseVersionSchema = z.nullable(z.number().check(z.int(), z.minimum(0)));

/** One change as pushed: the observation as it is now, and the version it was edited from. */
export type Change = Observation & { baseVersion: number | null };

/** `POST /observations/batch` body. Each change is validated on its own (see `readChange`), so
 * that one bad observation is answered `invalid` and never blocks the others. */
export const batchRequestSchema = z.object({ changes: z.array(z.unknown()) });

/** What the server did with a change it accepted. */
export const ACCEPTED_STATUSES = ['created', 'updated', 'unchanged'] as const;
/** Every item result status. */
export const ITEM_STATUSES = [...ACCEPTED_STATUSES, 'conflict', 'invalid'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Where a change failed the observation schema, for a developer (`path` dotted, `(root)` for the whole). */
export const itemIssueSchema = z.object({ path: z.string(), message: z.string() });

/** The server's answer to one change, in the order of the batch. */
export const itemResultSchema = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.enum(ACCEPTED_STATUSES), version: z.number().check(z.int(), z.minimum(1)) }),
  /** Stale `baseVersion`: nothing changed; `server` is the server's copy, read as an observation by
   * whoever stores it (a copy this client cannot read must not make the whole answer unreadable). */
  z.object({
    id: z.string(),
    status: z.literal('conflict'),
    version: z.number().check(z.int(), z.minimum(1)),
    server: z.unknown(),
    /** A moderator merged it into this device (as the author knows it): it takes no more edits. */
    survivor: z.optional(z.string()),
  }),
  /** `id` is null when the change had none. */
  z.object({ id: z.nullable(z.string()), status: z.literal('invalid'), reason: z.string(), issues: z.optional(z.array(itemIssueSchema)) }),
]);
export type ItemResult = z.infer<typeof itemResultSchema>;
export type InvalidResult = Extract<ItemResult, { status: 'invalid' }>;

/** `POST /observations/batch` → 200, or 422 `invalid_items` with the same `results` beside `error`:
 * a partly invalid batch is an answer (the valid changes were applied). */
export const batchAnswerSchema = z.object({ results: z.array(itemResultSchema) });
export type BatchAnswer = z.infer<typeof batchAnswerSchema>;

/** The HTTP status of a batch answer: 422 when any change is invalid, 200 otherwise. */
export function batchAnswerStatus(results: readonly ItemResult[]): 200 | 422 {
  return results.some((r) => r.status === 'invalid') ? 422 : 200;
}

/** The full body of a batch answer (with the `invalid_items` error beside the results on a 422). */
export function batchAnswerBody(results: ItemResult[]): BatchAnswer & Partial<ErrorBody> {
  const invalid = results.filter((r) => r.status === 'invalid').length;
  if (!invalid) return { results };
  return { results, error: { code: 'invalid_items', message: `${invalid} of ${results.length} changes are invalid; the others were applied` } };
}

/** Made once: building a schema costs more than checking a number with it. */
const optionalBaseVersion = z.optional(baseVersionSchema);

/**
 * The observation schema as the server reads changes with it: `z.compile` of the one schema, made
 * on first use (only the server reads changes, so the client never builds it). zod generates a
 * parser from the schema's own definition (every check, refinement and transform of it) for the
 * valid input it accepts; anything it refuses goes through the schema's ordinary parse, so a bad
 * change gets the same issues and messages. Several times cheaper per change than the plain parse,
 * which for zod/mini's objects runs without generated code.
 */
let compiledObservation: typeof observationSchema | undefined;

/** A change read from the wire: valid, or the `invalid` result that answers it. */
export type ReadChange = { observation: Observation; baseVersion: number | null } | InvalidResult;

function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/**
 * Validates one pushed change `{ ...observation, baseVersion }` against the observation schema of
 * core. Never throws: a bad change comes back as its `invalid` item result, with a reason naming
 * each failing path.
 */
export function readChange(item: unknown): ReadChange {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    return { id: null, status: 'invalid', reason: `expected an observation object, got ${Array.isArray(item) ? 'array' : typeof item}` };
  }
  const { baseVersion, ...rest } = item as Record<string, unknown>;
  const id = typeof rest.id === 'string' ? rest.id : null;
  const base = optionalBaseVersion.safeParse(baseVersion);
  if (!base.success) {
    return { id, status: 'invalid', reason: 'baseVersion: expected a non-negative integer or null' };
  }
  compiledObservation ??= z.compile(observationSchema);
  const parsed = compiledObservation.safeParse(rest);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues);
    return { id, status: 'invalid', reason: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
  }
  const observation = parsed.data as Observation;
  if (base.data != null && base.data >= observation.version) {
    return { id, status: 'invalid', reason: `baseVersion ${base.data} must be below version ${observation.version}` };
  }
  return { observation, baseVersion: base.data || null };
}

/** Absent or empty query values take the default. */
const orDefault = (fallback: string) => (value: unknown) => (value === undefined || value === '' ? fallback : value);
const limitMessage = `expected an integer from 1 to ${PULL_PAGE_MAX}`;

/** `GET /observations?since=&limit=`: `since` is a previous `next` (absent or empty: from the
 * start), `limit` 1–`PULL_PAGE_MAX` (absent or empty: `PULL_PAGE_DEFAULT`). Both arrive as text. */
export const pullQuerySchema = z.object({
  since: z.pipe(z.transform(orDefault('0')), z.pipe(z.string().check(z.regex(/^\d{1,15}$/, 'expected a cursor from a previous "next"')), z.transform(Number))),
  limit: z.pipe(
    z.transform(orDefault(String(PULL_PAGE_DEFAULT))),
    z
      .pipe(z.string().check(z.regex(/^\d{1,4}$/, limitMessage)), z.transform(Number))
      .check(z.refine((n) => n >= 1 && n <= PULL_PAGE_MAX, limitMessage)),
  ),
});

/** A row that left the public set (rejected, merged, deleted): the receiver drops it. */
export const dropSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  survivor: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});
export type Drop = z.infer<typeof dropSchema>;

/** An observation as the receiver knows it: the author's id, or the public id. */
const wireIdSchema = z.string().check(z.minLength(1), z.maxLength(100));

const textSchema = z.string().check(z.trim(), z.maxLength(LIMITS_MODERATION.text, `at most ${LIMITS_MODERATION.text} characters`));

/** One moderator decision. `id` is the author's id or the public id of the observation. */
export const decisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('publish'),
    id: wireIdSchema,
    description: z.optional(textSchema),
    /** Photo hashes to keep private (faces of passers-by). */
    privatePhotos: z.optional(z.array(sha256Hex).check(z.maxLength(10))),
  }),
  z.strictObject({ decision: z.literal('reject'), id: wireIdSchema, reason: z.enum(REJECTION_REASONS), text: z.optional(textSchema) }),
  z.strictObject({ decision: z.literal('merge'), id: wireIdSchema, into: wireIdSchema }),
  z.strictObject({ decision: z.literal('remove'), id: wireIdSchema, on: z.optional(daySchema) }),
]);
export type Decision = z.infer<typeof decisionSchema>;
export type DecisionKind = Decision['decision'];

export const decisionBatchSchema = z.strictObject({
  decisions: z.array(decisionSchema).check(z.minLength(1), z.maxLength(LIMITS_MODERATION.batch)),
});


/** A walker's answer about a published fixed device ("still there?", or "it is this one"). */
export const CONFIRMATION_ANSWERS = ['yes', 'no'] as const;
export const confirmationSchema = z.strictObject({
  /** The device as the walker knows it (public id, or the author's own id). */
  id: wireIdSchema,
  answer: z.enum(CONFIRMATION_ANSWERS),
  /** The Brussels day of the answer (queued offline, it may come days later). */
  on: daySchema,
});
export type Confirmation = z.infer<typeof confirmationSchema>;
export const confirmationBatchSchema = z.strictObject({
  confirmations: z.array(confirmationSchema).check(z.minLength(1), z.maxLength(LIMITS_MODERATION.batch)),
});


/** One page of the shared map, in server order. `changes` stay unknown here: the store validates
 * each observation and sets damaged ones aside, one bad item never loses a page. The author gets
 * their own observations whole (tombstones included); others get published and removed devices in
 * the public form. `publication` has one entry per change (its state, reason for the author, public
 * history); `dropped` lists what left the public set (a merged one points at its survivor).
 * `more: false` means caught up; `next` is where to ask again. `recheckDays`: the server's
 * "still there?" interval (0: every device is due). Servers before moderation sent none of these. */
export const pullPageSchema = z.object({
  changes: z.array(z.unknown()),
  publication: z._default(z.array(z.unknown()), []),
  dropped: z._default(z.array(dropSchema), []),
  next: z.string(),
  more: z.boolean(),
  recheckDays: z.optional(z.number().check(z.int(), z.minimum(0))),
});
export type PullPage = z.infer<typeof pullPageSchema>;

/** `PUT /photos/<sha256>` → 201 `stored` or 200 `exists`. */
export const photoAnswerSchema = z.object({
  status: z.enum(['stored', 'exists']),
  hash: z.string(),
  type: z.string(),
  stripped: z.boolean(),
});
export type PhotoAnswer = z.infer<typeof photoAnswerSchema>;

/** `GET /moderation/queue?after=&limit=`: pending observations and edits of decided ones, oldest
 * first, each with the published devices within 30 m as duplicate candidates. */
export const queueCandidateSchema = z.object({
  id: z.string(),
  publicId: z.string(),
  kind: z.string(),
  distance: z.number(),
  confirmations: z.number(),
  lastConfirmed: z.nullable(z.string()),
  observation: z.unknown(),
});
export const queueItemSchema = z.object({
  id: z.string(),
  publicId: z.string(),
  state: z.enum(PUBLICATION_STATES),
  edited: z.boolean(),
  device: z.string(),
  receivedOn: z.string(),
  observation: z.unknown(),
  candidates: z.array(queueCandidateSchema),
  /** "It changed": the device the observation says it takes the place of, with its state (publishing
   * marks it removed when it is published). */
  supersedes: z.optional(z.extend(queueCandidateSchema, { state: z.enum(PUBLICATION_STATES) })),
});
export const queuePageSchema = z.object({
  items: z.array(queueItemSchema),
  next: z.number(),
  more: z.boolean(),
  total: z.number(),
});
export type QueuePage = z.infer<typeof queuePageSchema>;

/** `POST /moderation/decisions` → one result per decision, in order. applied: done; decided:
 * someone decided first (that decision stands; `by`, `on` and `state` say which). */
export const decisionAnswerSchema = z.object({
  results: z.array(
    z.union([
      z.object({ id: z.string(), status: z.literal('applied'), state: z.enum(PUBLICATION_STATES) }),
      z.object({ id: z.string(), status: z.literal('decided'), state: z.enum(PUBLICATION_STATES), by: z.string(), on: z.string() }),
    ]),
  ),
});

export type DecisionResult = z.infer<typeof decisionAnswerSchema>['results'][number];

/** `POST /confirmations` → counted, or ignored (unknown, not public, an event): a queued answer
 * never blocks a device. */
export const confirmationAnswerSchema = z.object({
  results: z.array(z.object({ id: z.string(), status: z.enum(['counted', 'ignored']), state: z.optional(z.enum(PUBLICATION_STATES)) })),
});
export type ConfirmationResult = z.infer<typeof confirmationAnswerSchema>['results'][number];

/** `GET /moderation/gone` → published devices with "gone" reports, most reported first. */
export const goneAnswerSchema = z.object({
  items: z.array(z.object({ id: z.string(), publicId: z.string(), reports: z.number(), lastReport: z.string(), observation: z.unknown() })),
});

/** `POST /moderation/block` → the pseudonym of the blocked device and how many pending were rejected. */
export const blockAnswerSchema = z.object({ device: z.string(), rejected: z.number() });

/** `GET` the offline basemap's status: whether the server has an archive, where, its size and version. */
export const BASEMAP_STATUS_PATH = `${API_PREFIX}/basemap`;
/** The archive itself (PMTiles), read by HTTP range requests or downloaded whole. */
export const BASEMAP_ARCHIVE_PATH = `${API_PREFIX}/basemap/basemap.pmtiles`;
/** The paths of the first release, redirected to the two above. */
export const LEGACY_BASEMAP_PATHS = { status: '/api/basemap', archive: '/api/basemap/basemap.pmtiles' } as const;

export const basemapStatusSchema = z.object({
  available: z.boolean(),
  /** The archive's path on the server, null when there is none. */
  url: z.nullable(z.string()),
  bytes: z.nullable(z.number().check(z.int(), z.minimum(0))),
  /** A strong ETag that changes when the archive is rebuilt. */
  etag: z.nullable(z.string()),
  /** When the archive was built (RFC 3339). */
  updatedAt: z.nullable(z.string()),
});
export type BasemapStatus = z.infer<typeof basemapStatusSchema>;
