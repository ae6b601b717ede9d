/**
 * The publication columns of an observation row (db.ts, v2) and the `Publication` the pull and the
 * feed send for it (core/publication.ts): the author sees their state and the reason of a
 * rejection; everyone sees the public history of a published or removed device.
 */
import type { Publication, PublicationState, RejectionReason } from '../core/publication.ts';

/** The columns `publicationOf` reads, for a query on `observations o`. */
export const PUBLIC_ROW = `o.public_id, o.state, o.reason, o.reason_text, o.removed_day, o.published_day, o.first_seen,
  o.last_confirmed, o.confirmations, o.description,
  (SELECT s.public_id FROM observations s WHERE s.id = o.survivor_id) AS survivor_public`;

export interface PublicationRow {
  public_id: string;
  state: PublicationState;
  reason: RejectionReason | null;
  reason_text: string | null;
  removed_day: string | null;
  published_day: string | null;
  first_seen: string | null;
  last_confirmed: string | null;
  confirmations: number;
  description: string | null;
  survivor_public: string | null;
}

/** The row's publication as `id` knows it; the reason of a rejection only for its author (`own`). */
export function publicationOf(row: PublicationRow, id: string, own: boolean): Publication {
  const p: Publication = { id, state: row.state };
  if (own && row.reason) p.reason = row.reason;
  if (own && row.reason_text) p.reasonText = row.reason_text;
  if (row.survivor_public) p.survivor = row.survivor_public;
  if (row.removed_day) p.removedOn = row.removed_day;
  if (row.published_day) p.publishedOn = row.published_day;
  if (row.first_seen) p.firstSeen = row.first_seen;
  if (row.last_confirmed) p.lastConfirmed = row.last_confirmed;
  if (row.published_day) p.confirmations = row.confirmations;
  if (row.description) p.description = row.description;
  return p;
}
