/**
 * The base of every error a user can meet: `key` is a message key that the UI translates (catalogues
 * in src/app/i18n: fr, nl, en) with `params`; `message` says for a developer what was expected and
 * what came. Each layer narrows `K` to its own keys (StoreError, SyncError, ImportError, …); the UI
 * reads any of them with `messageKeyOf`, never by casting.
 */
export class KeyedError<K extends string = string> extends Error {
  readonly params: Readonly<Record<string, string | number>>;

  constructor(
    readonly key: K,
    message: string,
    options: { cause?: unknown; params?: Record<string, string | number> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.params = options.params ?? {};
  }
}

/** The message key and parameters of an error a user can meet, or null for any other thrown value. */
export function messageKeyOf(error: unknown): { key: string; params: Readonly<Record<string, string | number>> } | null {
  return error instanceof KeyedError ? { key: error.key, params: error.params } : null;
}
