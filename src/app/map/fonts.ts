/**
 * The label font, served from our own origin: MapLibre 6 rasterises labels from the files a style
 * declares in `font-faces`, so street names and cluster counts need no glyph server.
 */
import type { FontFacesSpecification } from 'maplibre-gl';
import latin400 from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import latinExt400 from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import latin700 from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?url';
import latinExt700 from '@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff2?url';

export const FONT_REGULAR = 'Noto Sans Regular';
export const FONT_BOLD = 'Noto Sans Bold';

// The ranges of @fontsource's CSS: latin covers French and Dutch (é, è, ë, ï), latin-ext the rest.
const LATIN = ['U+0000-00FF', 'U+0131', 'U+0152-0153', 'U+02BB-02BC', 'U+02C6', 'U+02DA', 'U+02DC', 'U+2000-206F', 'U+20AC', 'U+2122', 'U+2212', 'U+FEFF', 'U+FFFD'];
const LATIN_EXT = ['U+0100-02BA', 'U+02BD-02C5', 'U+02C7-02CC', 'U+02CE-02D7', 'U+02DD-02FF', 'U+1E00-1E9F', 'U+1EF2-1EFF', 'U+20A0-20AB', 'U+2C60-2C7F', 'U+A720-A7FF'];

/** Absolute URLs: the worker that loads them has no document base to resolve against. */
const absolute = (url: string): string => new URL(url, globalThis.location?.href ?? 'http://localhost/').href;

export function labelFontFaces(): FontFacesSpecification {
  return {
    [FONT_REGULAR]: [
      { url: absolute(latin400), 'unicode-range': LATIN },
      { url: absolute(latinExt400), 'unicode-range': LATIN_EXT },
    ],
    [FONT_BOLD]: [
      { url: absolute(latin700), 'unicode-range': LATIN },
      { url: absolute(latinExt700), 'unicode-range': LATIN_EXT },
    ],
  };
}
