/**
 * The id by which others know an observation (the feed, other devices' pulls, confirmations).
 * Until the opaque public ids arrive, it is the author's id.
 */
export function publicIdFor(id: string): string {
  return id;
}
