/**
 * The HTTP side of the sync protocol v1: one method per endpoint, answers checked for shape,
 * failures turned into SyncErrors (with the server's Retry-After when it sends one). Holds no state
 * but the base URL; the token is passed in by the caller, which keeps it in the store's meta.
 */
import { documentAnswerSchema, type DocumentInput } from '../core/documents.ts';
import type { z } from '../core/zod.ts';
import {
  API_PREFIX,
  PULL_PAGE_DEFAULT,
  blockAnswerSchema,
  confirmationAnswerSchema,
  decisionAnswerSchema,
  deviceTokenSchema,
  errorBodySchema,
  goneAnswerSchema,
  photoAnswerSchema,
  pullPageSchema,
  queuePageSchema,
  type Change,
  type Confirmation,
  type ConfirmationResult,
  type Decision,
  type DecisionResult,
  type PhotoAnswer,
  type PullPage,
  type QueuePage,
} from '../core/wire.ts';
import { parseRetryAfter } from './backoff.ts';
import { SyncError } from './errors.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

const jsonPost = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A server address from settings, normalised to an origin plus path without the trailing slash. */
export function normaliseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new SyncError('syncError.badUrl', `server address: expected an http(s) URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SyncError('syncError.badUrl', `server address: expected http: or https:, got ${url.protocol}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new SyncError('syncError.badUrl', 'server address: expected no query, fragment or credentials');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export class ApiClient {
  readonly base: string;

  constructor(
    serverUrl: string,
    private readonly fetchFn: FetchLike = (input, init) => fetch(input, init),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.base = `${normaliseServerUrl(serverUrl)}${API_PREFIX}`;
  }

  /**
   * One call. A 2xx, or a status listed in `answers` (an answer that is not a failure), gives the JSON
   * body; anything else throws a SyncError keyed by what the user can do about it.
   */
  private async request(
    path: string,
    init: RequestInit,
    token: string | null,
    doing: string,
    answers: readonly number[] = [],
    moderator = false,
  ): Promise<{ status: number; body: unknown }> {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    let res: Response;
    try {
      // no-store: a sync answer must never come from a cache.
      res = await this.fetchFn(`${this.base}${path}`, { ...init, headers, cache: 'no-store', credentials: 'omit' });
    } catch (error) {
      throw new SyncError('syncError.network', `${doing}: the server could not be reached (${error instanceof Error ? error.message : String(error)})`, {}, { cause: error });
    }
    const text = await res.text().catch(() => '');
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (res.ok || (answers.includes(res.status) && body !== null)) {
      if (body === null) throw new SyncError('syncError.protocol', `${doing}: expected JSON from ${path}, got ${JSON.stringify(text.slice(0, 100))}`, { status: res.status });
      return { status: res.status, body };
    }
    const parsed = errorBodySchema.safeParse(body);
    const error = parsed.success ? parsed.data.error : undefined;
    const code = error?.code;
    const detail = `${doing}: HTTP ${res.status}${error?.message ? ` (${error.message})` : ''}`;
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.now());
    if (res.status === 429 || res.status === 503) throw new SyncError('syncError.busy', detail, { status: res.status, code, retryAfterMs });
    if (res.status >= 500) throw new SyncError('syncError.server', detail, { status: res.status, code, retryAfterMs });
    if (res.status === 403 && code === 'device_blocked') throw new SyncError('syncError.blocked', detail, { status: res.status, code });
    if (moderator && (res.status === 401 || res.status === 403)) throw new SyncError('syncError.moderatorRefused', detail, { status: res.status, code });
    if (res.status === 401) throw new SyncError('syncError.unauthorized', detail, { status: res.status, code });
    // Any other 4xx: our request is wrong for this server (another version, another site).
    throw new SyncError('syncError.protocol', detail, { status: res.status, code });
  }

  /** An answer read by its wire schema; one that does not fit is a protocol error. */
  private static read<T>(schema: z.ZodMiniType<T>, body: unknown, doing: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new SyncError('syncError.protocol', `${doing}: the answer does not fit the protocol (${parsed.error.issues[0]?.message})`);
    return parsed.data;
  }

  async registerDevice(): Promise<string> {
    const doing = 'registering this device';
    const { body } = await this.request('/devices', { method: 'POST' }, null, doing);
    return ApiClient.read(deviceTokenSchema, body, doing).token;
  }

  /**
   * Pushes ≤ `MAX_BATCH_CHANGES` changes. Gives the answer as it came (a 422 with results is an
   * answer too: some changes were invalid, the others applied); `sortAnswer` reads it by the
   * wire schema.
   */
  async pushBatch(token: string, changes: readonly Change[]): Promise<unknown> {
    const { body } = await this.request(
      '/observations/batch',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ changes }) },
      token,
      `sending ${changes.length} changes`,
      [422],
    );
    return body;
  }

  /** Uploads a photo by hash; the same photo twice is harmless. */
  async putPhoto(token: string, hash: string, type: string, data: ArrayBuffer): Promise<PhotoAnswer['status']> {
    const doing = `sending photo ${hash.slice(0, 12)}…`;
    const { body } = await this.request(`/photos/${hash}`, { method: 'PUT', headers: { 'content-type': type || 'application/octet-stream' }, body: data }, token, doing);
    return ApiClient.read(photoAnswerSchema, body, doing).status;
  }

  /** "Still there?" answers and "it is this one" confirmations (device token). */
  async postConfirmations(token: string, confirmations: readonly Confirmation[]): Promise<ConfirmationResult[]> {
    const doing = `sending ${confirmations.length} answers`;
    const { body } = await this.request('/confirmations', jsonPost({ confirmations }), token, doing);
    return ApiClient.read(confirmationAnswerSchema, body, doing).results;
  }

  /** Moderator decisions, applied in one transaction (moderator token). */
  async postDecisions(moderatorToken: string, decisions: readonly Decision[]): Promise<DecisionResult[]> {
    const doing = `sending ${decisions.length} decisions`;
    const { body } = await this.request('/moderation/decisions', jsonPost({ decisions }), moderatorToken, doing, [], true);
    return ApiClient.read(decisionAnswerSchema, body, doing).results;
  }

  /** Attaches a document to a device, an operator or a commune (moderator token); the server's id. */
  async attachDocument(moderatorToken: string, document: DocumentInput): Promise<number> {
    const doing = 'attaching a document';
    const { body } = await this.request('/moderation/documents', jsonPost(document), moderatorToken, doing, [], true);
    return ApiClient.read(documentAnswerSchema, body, doing).id;
  }

  /** One page of the moderation queue, oldest first, after `after` (a previous `next`). */
  async moderationQueue(moderatorToken: string, after = 0, limit = 50): Promise<QueuePage> {
    const doing = 'fetching the moderation queue';
    const query = new URLSearchParams({ after: String(after), limit: String(limit) });
    const { body } = await this.request(`/moderation/queue?${query}`, { method: 'GET' }, moderatorToken, doing, [], true);
    return ApiClient.read(queuePageSchema, body, doing);
  }

  /** Published devices that walkers reported gone. */
  async goneReports(moderatorToken: string): Promise<z.infer<typeof goneAnswerSchema>['items']> {
    const doing = 'fetching the gone reports';
    const { body } = await this.request('/moderation/gone', { method: 'GET' }, moderatorToken, doing, [], true);
    return ApiClient.read(goneAnswerSchema, body, doing).items;
  }

  /** Blocks the device that sent observation `id`; its pending observations are rejected as spam. */
  async blockDevice(moderatorToken: string, id: string): Promise<z.infer<typeof blockAnswerSchema>> {
    const doing = 'blocking a device';
    const { body } = await this.request('/moderation/block', jsonPost({ id }), moderatorToken, doing, [], true);
    return ApiClient.read(blockAnswerSchema, body, doing);
  }

  /** A photo not yet public, as its sender or a moderator may fetch it (the token in a header, so
   * the app shows it from a blob: URL). */
  async photo(token: string, hash: string): Promise<Blob> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}/photos/${hash}`, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit' });
    } catch (error) {
      throw new SyncError('syncError.network', `fetching photo ${hash.slice(0, 12)}…: the server could not be reached`, {}, { cause: error });
    }
    if (!res.ok) throw new SyncError('syncError.protocol', `fetching photo ${hash.slice(0, 12)}…: HTTP ${res.status}`, { status: res.status });
    return res.blob();
  }

  async pullPage(token: string, since: string, limit: number = PULL_PAGE_DEFAULT): Promise<PullPage> {
    const doing = 'fetching the shared map';
    const query = new URLSearchParams({ since, limit: String(limit) });
    const { body } = await this.request(`/observations?${query}`, { method: 'GET' }, token, doing);
    return ApiClient.read(pullPageSchema, body, doing);
  }
}
