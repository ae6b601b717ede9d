/**
 * What the collective stands behind: the publication states of an observation on the server, the
 * reasons of a rejection, the public history of a device (first seen, last confirmed, confirmations)
 * and when it is due for "still there?" (DESIGN.md, "Moderation and what is public"). The requests
 * and answers that carry them are in wire.ts.
 */
import { z } from './zod.ts';
import { isEventKind, type Kind } from './taxonomy.ts';

/** pending: only the author and moderators see it; published/removed: public; rejected/merged: not. */
export const PUBLICATION_STATES = ['pending', 'published', 'rejected', 'merged', 'removed'] as const;
export type PublicationState = (typeof PUBLICATION_STATES)[number];
export const PUBLIC_STATES: readonly PublicationState[] = ['published', 'removed'];
export const isPublicState = (state: PublicationState): boolean => PUBLIC_STATES.includes(state);

export const REJECTION_REASONS = ['not_surveillance', 'misidentified', 'spam', 'duplicate', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const LIMITS_MODERATION = {
  /** Free text of a rejection, and a moderator's public description. */
  text: 500,
  /** Decisions or confirmations per request. */
  batch: 500,
} as const;

/** `YYYY-MM-DD`, a calendar day (Brussels for sightings, UTC for the server's own bookkeeping). */
export const daySchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day YYYY-MM-DD'));

/**
 * The publication part of one pulled row, beside the observation itself: for the author their own
 * state and reason; for everyone the public history of a published or removed device.
 */
export const publicationSchema = z.strictObject({
  /** The observation's id as the receiver knows it (the author's id for the author, else the public id). */
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  state: z.enum(PUBLICATION_STATES),
  reason: z.optional(z.enum(REJECTION_REASONS)),
  reasonText: z.optional(z.string().check(z.maxLength(LIMITS_MODERATION.text))),
  /** merged: the device it now is (as the receiver knows it). */
  survivor: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  /** removed: the day it was seen gone. */
  removedOn: z.optional(daySchema),
  publishedOn: z.optional(daySchema),
  /** The Brussels day of the earliest sighting. */
  firstSeen: z.optional(daySchema),
  /** The Brussels day of the latest sighting or confirmation. */
  lastConfirmed: z.optional(daySchema),
  /** Distinct devices that saw or confirmed it. */
  confirmations: z.optional(z.number().check(z.int(), z.minimum(0))),
  /** A moderator's public description (walkers' notes are never public). */
  description: z.optional(z.string().check(z.maxLength(LIMITS_MODERATION.text))),
});
export type Publication = z.infer<typeof publicationSchema>;

/** Devices a walker can re-confirm: fixed ones only (events are never re-checked or removed). */
export const canBeRechecked = (kind: Kind): boolean => !isEventKind(kind);

/** Days after which a device's last confirmation is due again (server `RECHECK_DAYS`). */
export const DEFAULT_RECHECK_DAYS = 365;

/** Whether `lastConfirmed` (a day) is older than `recheckDays` before `today` (a day); 0: always due. */
export function isDue(lastConfirmed: string | undefined, today: string, recheckDays: number): boolean {
  if (recheckDays <= 0 || !lastConfirmed) return true;
  const age = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastConfirmed}T00:00:00Z`)) / 86_400_000;
  return age >= recheckDays;
}
