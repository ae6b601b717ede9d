/**
 * Build-time icon files from `src/app/icons/icon-set.ts`:
 * - the pages' symbols: one `<symbol id="kind-camera">` … per icon, for `<svg><use href="#kind-camera">`,
 *   held by each HTML page (vite-plugin.ts; the symbols draw in `currentColor`, so CSS colours them);
 * - `icons/map-sprite{,@2x}.{png,json}`: the map's kind badges (a white disc ringed in the kind's
 *   colour, the icon in that colour), 32 CSS px, rasterised by sharp (librsvg) at 1× and 2×, in the
 *   sprite format of the MapLibre style spec (`sprite`: image name → x, y, width, height, pixelRatio).
 * Nothing is drawn in the browser: the maps load the sprite with the style.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { KINDS, KIND_META } from '../../src/core/taxonomy.ts';
import { KIND_ICONS, MAP_SPRITE, iconSources, kindIconId, type IconSource } from '../../src/app/icons/icon-set.ts';

const DRAWN_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../src/app/icons/drawn');
const require = createRequire(import.meta.url);
const SET_PACKAGES = { temaki: '@rapideditor/temaki', maki: '@mapbox/maki' } as const;

/** A badge's side on the map, CSS pixels. */
export const BADGE_SIZE = 32;
export const PIXEL_RATIOS = [1, 2] as const;

/** What the root `<svg>` of an icon file holds: its viewBox, the presentation attributes children inherit, its content. */
export interface IconSvg {
  viewBox: string;
  attributes: Record<string, string>;
  body: string;
}

/** Root attributes that style the drawing (kept); the rest (size, ids, namespaces) is dropped. */
const INHERITED = new Set(['fill', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin']);

export function iconPath(source: IconSource): string {
  if (source.set === 'drawn') return join(DRAWN_DIR, `${source.name}.svg`);
  return join(dirname(require.resolve(`${SET_PACKAGES[source.set]}/package.json`)), 'icons', `${source.name}.svg`);
}

/**
 * Reads an icon file. Throws when the file is missing, has no root `<svg>` with a viewBox, or holds
 * anything but drawing (scripts, styles, references out of the file).
 */
export function readIcon(source: IconSource): IconSvg {
  const file = iconPath(source);
  const text = readFileSync(file, 'utf8');
  const root = /<svg\b([^>]*)>([\s\S]*)<\/svg>/.exec(text);
  if (!root) throw new Error(`${file}: no <svg> element`);
  const attributes: Record<string, string> = {};
  for (const [, name, value] of root[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attributes[name!] = value!;
  const viewBox = attributes['viewBox'];
  if (!viewBox) throw new Error(`${file}: the <svg> element has no viewBox`);
  const body = root[2]!.trim();
  if (/<(script|style|image|use|foreignObject)\b|href=|url\(/i.test(body)) throw new Error(`${file}: only plain shapes are allowed in an icon`);
  return {
    viewBox,
    attributes: Object.fromEntries(Object.entries(attributes).filter(([name]) => INHERITED.has(name))),
    body,
  };
}

const attributeText = (attributes: Record<string, string>): string =>
  Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');

/** The icon's drawing in `currentColor` unless it says otherwise. */
const paint = (icon: IconSvg): Record<string, string> => ({ fill: 'currentColor', ...icon.attributes });

/** The pages' symbols: every icon of `iconSources()` as a `<symbol>` with its id, one after another. */
export function symbolElements(): string {
  return [...iconSources()]
    .map(([id, source]) => {
      const icon = readIcon(source);
      return `<symbol id="${id}" viewBox="${icon.viewBox}"${attributeText(paint(icon))}>${icon.body}</symbol>`;
    })
    .join('');
}

/** One kind's map badge as SVG, `side` pixels square. */
export function badgeSvg(icon: IconSvg, color: string, side: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 64 64">` +
    `<circle cx="32" cy="32" r="29" fill="#ffffff" stroke="${color}" stroke-width="6"/>` +
    `<svg x="17" y="17" width="30" height="30" viewBox="${icon.viewBox}" color="${color}"${attributeText(paint(icon))}>${icon.body}</svg>` +
    `</svg>`
  );
}

/** A sprite image entry of the MapLibre style spec. */
export interface SpriteEntry {
  x: number;
  y: number;
  width: number;
  height: number;
  pixelRatio: number;
}

/** The kind badges side by side in one PNG at `pixelRatio`, and the sprite index naming each `kind-…`. */
export async function mapSprite(pixelRatio: number): Promise<{ png: Buffer; index: Record<string, SpriteEntry> }> {
  const side = BADGE_SIZE * pixelRatio;
  const index: Record<string, SpriteEntry> = {};
  const tiles = await Promise.all(
    KINDS.map(async (kind, i) => {
      index[kindIconId(kind)] = { x: i * side, y: 0, width: side, height: side, pixelRatio };
      const svg = badgeSvg(readIcon(KIND_ICONS[kind]), KIND_META[kind].color, side);
      return { input: await sharp(Buffer.from(svg)).png().toBuffer(), left: i * side, top: 0 };
    }),
  );
  const png = await sharp({ create: { width: side * KINDS.length, height: side, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite(tiles)
    .png({ compressionLevel: 9 })
    .toBuffer();
  return { png, index };
}

/** Every built icon file: path relative to the site's root → content. */
export async function buildIconFiles(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const ratio of PIXEL_RATIOS) {
    const suffix = ratio === 1 ? '' : `@${ratio}x`;
    const { png, index } = await mapSprite(ratio);
    files.set(`${MAP_SPRITE}${suffix}.png`, png);
    files.set(`${MAP_SPRITE}${suffix}.json`, Buffer.from(JSON.stringify(index)));
  }
  return files;
}
