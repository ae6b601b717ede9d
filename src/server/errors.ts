/** The JSON error every 4xx/5xx answer carries: `{ error: { code, message } }` (shape and codes in core/wire.ts). */
import type { ErrorBody, ErrorCode } from '../core/wire.ts';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Sent as `Retry-After` (seconds). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How long a client waits before trying again when a store is unreachable (seconds). */
export const UNAVAILABLE_RETRY_AFTER = 30;

/** 503 `unavailable` with Retry-After: `what` (the database, the photo store) cannot be reached. */
export function unavailable(what: string): ApiError {
  return new ApiError(503, 'unavailable', `${what} cannot be reached for now; try again later`, UNAVAILABLE_RETRY_AFTER);
}

/** Maps Fastify's own errors (parser, body limit, media type) to our codes. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof ApiError) {
    return { status: err.statusCode, body: { error: { code: err.code, message: err.message } } };
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  const code: ErrorCode = (() => {
    switch (e.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return 'invalid_json';
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return 'body_too_large';
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return 'unsupported_media_type';
      default:
        if (status === 413) return 'body_too_large';
        if (status === 415) return 'unsupported_media_type';
        if (status === 404) return 'not_found';
        if (status === 429) return 'rate_limited';
        if (status === 400 && e instanceof SyntaxError) return 'invalid_json';
        return status < 500 ? 'invalid_body' : 'internal';
    }
  })();
  // Never leak internals of a 500 to the client; the log has them.
  const message = status >= 500 ? 'internal server error' : (e.message ?? 'bad request');
  return { status, body: { error: { code, message } } };
}
