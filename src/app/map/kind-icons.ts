/**
 * The kind badges drawn on the map: a white disc ringed in the kind colour with the kind's emoji.
 * Drawn on a canvas at run time because SDF text cannot show colour emoji and we ship no sprite.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { KINDS, KIND_META, type Kind } from '../../core/taxonomy.ts';
import { iconName } from './style.ts';

const SIZE = 64;
const PIXEL_RATIO = 2;

/** Short letters for devices without a colour emoji font (some desktops, headless browsers). */
const FALLBACK: Record<Kind, string> = {
  camera: 'C',
  alpr: 'P',
  face_recognition: 'F',
  sound_sensor: 'S',
  antenna: 'A',
  ad_screen: 'E',
  hostile_design: 'H',
  footfall_sensor: 'W',
  guard: 'G',
  drone: 'D',
  mobile_unit: 'M',
};

let emojiSupport: boolean | null = null;

/** Whether emoji draw as something other than the missing-glyph box (compared with a noncharacter). */
export function canDrawEmoji(): boolean {
  if (emojiSupport !== null) return emojiSupport;
  const draw = (text: string): string => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 24;
    const ctx = canvas.getContext('2d');
    if (!ctx) return '';
    ctx.font = EMOJI_FONT(20);
    ctx.textBaseline = 'top';
    ctx.fillText(text, 0, 0);
    return Array.from(ctx.getImageData(0, 0, 24, 24).data).join(',');
  };
  const emoji = draw('📷');
  emojiSupport = emoji !== '' && emoji !== draw('\u{FFFFF}');
  return emojiSupport;
}

/**
 * The glyph to show for a kind in the page: its emoji where this browser can draw one, else its
 * letter (without an emoji font the emoji is an empty box).
 */
export function kindGlyph(kind: Kind, emoji = canDrawEmoji()): string {
  return emoji ? KIND_META[kind].icon : FALLBACK[kind];
}

const EMOJI_FONT = (px: number): string =>
  `${px}px system-ui, "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", sans-serif`;

function drawBadge(color: string, glyph: string, emoji: boolean): ImageData | null {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const r = SIZE / 2;
  ctx.beginPath();
  ctx.arc(r, r, r - 3, 0, Math.PI * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.lineWidth = 6;
  ctx.strokeStyle = color;
  ctx.stroke();
  ctx.font = emoji ? EMOJI_FONT(Math.round(SIZE * 0.5)) : `bold ${Math.round(SIZE * 0.45)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = color;
  ctx.fillText(glyph, r, r + 2);
  return ctx.getImageData(0, 0, SIZE, SIZE);
}

/** Registers one badge per kind; safe to call again after a style change. */
export function addKindIcons(map: MapLibreMap): void {
  for (const kind of KINDS) {
    const name = iconName(kind);
    if (map.hasImage(name)) continue;
    const emoji = canDrawEmoji();
    const image = drawBadge(KIND_META[kind].color, kindGlyph(kind, emoji), emoji);
    if (image) map.addImage(name, image, { pixelRatio: PIXEL_RATIO });
  }
}
