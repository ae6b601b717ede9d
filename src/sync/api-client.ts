/**
 * The HTTP side of the sync protocol v1: one method per endpoint, answers checked for shape,
 * failures turned into SyncErrors (with the server's Retry-After when it sends one). Holds no state
 * but the base URL; the token is passed in by the caller, which keeps it in the store's meta.
 */
import { parseRetryAfter } from './backoff.ts';
import { SyncError } from './errors.ts';
import type { BatchAnswer, Change, ErrorBodyWire, PulledPageWire } from './protocol.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The pull page size: the server's default and what its benchmark measures. */
export const PULL_PAGE = 500;

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
    this.base = `${normaliseServerUrl(serverUrl)}/api/v1`;
  }

  private async request(path: string, init: RequestInit, token: string | null, doing: string): Promise<{ status: number; body: unknown }> {
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
    if (res.ok || (res.status === 422 && Array.isArray((body as { results?: unknown } | null)?.results))) {
      if (body === null) throw new SyncError('syncError.protocol', `${doing}: expected JSON from ${path}, got ${JSON.stringify(text.slice(0, 100))}`, { status: res.status });
      return { status: res.status, body };
    }
    const error = (body as Partial<ErrorBodyWire> | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : undefined;
    const detail = `${doing}: HTTP ${res.status}${error?.message ? ` (${error.message})` : ''}`;
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.now());
    if (res.status === 429 || res.status === 503) throw new SyncError('syncError.busy', detail, { status: res.status, code, retryAfterMs });
    if (res.status >= 500) throw new SyncError('syncError.server', detail, { status: res.status, code, retryAfterMs });
    if (res.status === 401) throw new SyncError('syncError.unauthorized', detail, { status: res.status, code });
    // Any other 4xx: our request is wrong for this server (another version, another site).
    throw new SyncError('syncError.protocol', detail, { status: res.status, code });
  }

  async registerDevice(): Promise<string> {
    const { body } = await this.request('/devices', { method: 'POST' }, null, 'registering this device');
    const token = (body as { token?: unknown }).token;
    if (typeof token !== 'string' || token.length < 16) throw new SyncError('syncError.protocol', 'registering this device: the answer has no token');
    return token;
  }

  /** Pushes ≤ 500 changes; answers one result per change (a 422 with results counts as an answer). */
  async pushBatch(token: string, changes: readonly Change[]): Promise<BatchAnswer> {
    const { body } = await this.request(
      '/observations/batch',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ changes }) },
      token,
      `sending ${changes.length} changes`,
    );
    return body as BatchAnswer;
  }

  /** Uploads a photo by hash; the same photo twice is harmless. */
  async putPhoto(token: string, hash: string, type: string, data: ArrayBuffer): Promise<'stored' | 'exists'> {
    const { status } = await this.request(
      `/photos/${hash}`,
      { method: 'PUT', headers: { 'content-type': type || 'application/octet-stream' }, body: data },
      token,
      `sending photo ${hash.slice(0, 12)}…`,
    );
    return status === 201 ? 'stored' : 'exists';
  }

  async pullPage(token: string, since: string, limit: number = PULL_PAGE): Promise<PulledPageWire> {
    const query = new URLSearchParams({ since, limit: String(limit) });
    const { body } = await this.request(`/observations?${query}`, { method: 'GET' }, token, 'fetching the shared map');
    const page = body as Partial<PulledPageWire>;
    if (!Array.isArray(page.changes) || typeof page.next !== 'string' || typeof page.more !== 'boolean') {
      throw new SyncError('syncError.protocol', 'fetching the shared map: expected { changes, next, more }');
    }
    return page as PulledPageWire;
  }
}
