/**
 * The chosen language: kept in localStorage ('contrechamp.language'), mirrored on <html lang>, and
 * handed to components through a context so that switching re-renders every text at once.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { browserPreferences, pickLanguage } from './pick-language.ts';
import {
  LANGUAGES,
  isCatalogueLoaded,
  isMessageKey,
  loadCatalogue,
  translate,
  type Language,
  type MessageKey,
  type MessageParams,
} from './catalogues.ts';
import { messageKeyOf } from '../../core/keyed-error.ts';
import { DEVICE_INVENTORY } from '../../store/device-inventory.ts';

const STORAGE_KEY = DEVICE_INVENTORY.localStorage.language.name;

export { pickLanguage } from './pick-language.ts';

function readStored(): Language | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return LANGUAGES.find((l) => l === value) ?? null;
  } catch {
    return null; // storage blocked: fall back to the browser's preference
  }
}

const initial: Language = readStored() ?? pickLanguage(browserPreferences());
// French (always loaded) until the chosen catalogue is in: a text is never half in another language.
let current: Language = isCatalogueLoaded(initial) ? initial : 'fr';
let requested: Language = initial;
const listeners = new Set<(lang: Language) => void>();

export const getLanguage = (): Language => current;

function apply(lang: Language): void {
  current = lang;
  applyDocumentLanguage(lang);
  for (const listener of listeners) listener(lang);
}

/** Once `lang`'s catalogue is loaded, switch to it unless another language was chosen meanwhile. */
function switchWhenLoaded(lang: Language): Promise<void> {
  if (isCatalogueLoaded(lang)) {
    apply(lang);
    return Promise.resolve();
  }
  return loadCatalogue(lang)
    // The chunk could not load (offline before it was cached): the French fallback shows under the choice.
    .catch(() => undefined)
    .then(() => {
      if (requested === lang) apply(lang);
    });
}

/** Resolves when the first language is ready: main.tsx renders after it, so no French flash. */
export const languageReady: Promise<void> = isCatalogueLoaded(initial) ? Promise.resolve() : switchWhenLoaded(initial);

/** Resolves once the texts are in `lang` (at once when its catalogue is already loaded). */
export function setLanguage(lang: Language): Promise<void> {
  requested = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // The choice then lasts for this session only.
  }
  return switchWhenLoaded(lang);
}

export function applyDocumentLanguage(lang: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** Translation outside components (announcements built in callbacks, tests). */
export const t = (key: MessageKey, params?: MessageParams): string => translate(current, key, params);

/** For keys that come from elsewhere (store, photo, geo errors): a known key, or the fallback. */
export function messageFor(key: string | undefined, fallback: MessageKey): MessageKey {
  return key && isMessageKey(key) ? key : fallback;
}

/** The message key of a thrown error a user can meet (a KeyedError of any layer), else `fallback`. */
export function errorMessage(error: unknown, fallback: MessageKey): MessageKey {
  return messageFor(messageKeyOf(error)?.key, fallback);
}

export const LanguageContext = createContext<Language>(current);

/** The top of the tree subscribes once; everything below reads the context. */
export function useLanguageState(): Language {
  const [lang, setLang] = useState<Language>(current);
  useEffect(() => {
    listeners.add(setLang);
    applyDocumentLanguage(current);
    setLang(current);
    return () => {
      listeners.delete(setLang);
    };
  }, []);
  return lang;
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function useT(): Translate {
  const lang = useContext(LanguageContext);
  return useMemo(() => (key: MessageKey, params?: MessageParams) => translate(lang, key, params), [lang]);
}

export const useLanguage = (): Language => useContext(LanguageContext);
