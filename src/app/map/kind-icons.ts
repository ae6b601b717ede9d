/**
 * The kind badges drawn on the map: a white disc ringed in the kind colour with the kind's emoji.
 * Drawn on a canvas at run time because SDF text cannot show colour emoji and we ship no sprite.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { KINDS, KIND_META } from '../../core/taxonomy.ts';
import { iconName } from './style.ts';

const SIZE = 64;
const PIXEL_RATIO = 2;

function drawBadge(color: string, glyph: string): ImageData | null {
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
  ctx.font = `${Math.round(SIZE * 0.5)}px system-ui, "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", sans-serif`;
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
    const image = drawBadge(KIND_META[kind].color, KIND_META[kind].icon);
    if (image) map.addImage(name, image, { pixelRatio: PIXEL_RATIO });
  }
}
