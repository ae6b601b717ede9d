// @vitest-environment happy-dom
/**
 * Kind and interface icons: every kind of the taxonomy has one from an icon set or our drawings,
 * the pages' symbols and the map sprite built from them name every one, and pages show them as
 * decorative SVG (never an emoji or a letter in place of a picture).
 */
import { render } from 'preact';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, KIND_META } from '../../../src/core/taxonomy.ts';
import { KIND_ICONS, MAP_SPRITE, UI_ICONS, iconSources, kindIconId, uiIconId } from '../../../src/app/icons/icon-set.ts';
import { KindIcon } from '../../../src/app/icons/icon.tsx';
import { NavBar } from '../../../src/app/shell/nav-bar.tsx';
import { mapStyle } from '../../../src/app/map/style.ts';
import type { HtmlTagDescriptor } from 'vite';
import { BADGE_SIZE, badgeSvg, buildIconFiles, readIcon, symbolElements, type SpriteEntry } from '../../../scripts/icons/build-icons.ts';
import { iconFiles } from '../../../scripts/icons/vite-plugin.ts';

let files: Map<string, Buffer>;
beforeAll(async () => {
  files = await buildIconFiles();
});
afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
});

describe('the icon set', () => {
  it('gives every kind an icon file with a viewBox and plain shapes', () => {
    expect(Object.keys(KIND_ICONS).sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) {
      const icon = readIcon(KIND_ICONS[kind]);
      expect(icon.viewBox).toMatch(/^[\d. ]+$/);
      expect(icon.body).toMatch(/<(path|circle|ellipse|rect|polygon)\b/);
    }
  });

  it('gives each kind its own picture', () => {
    const names = KINDS.map((k) => `${KIND_ICONS[k].set}/${KIND_ICONS[k].name}`);
    expect(new Set(names).size).toBe(KINDS.length);
  });

  it('refuses a file that is not an icon', () => {
    expect(() => readIcon({ set: 'temaki', name: 'no-such-icon' })).toThrow(/ENOENT/);
  });
});

describe("the pages' symbols", () => {
  it('hold a symbol for every kind and every interface icon', () => {
    const svg = symbolElements();
    const ids = [...svg.matchAll(/<symbol id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.sort()).toEqual([...KINDS.map(kindIconId), ...UI_ICONS.map(uiIconId)].sort());
    expect(ids.length).toBe(iconSources().size);
  });

  it('are held by every HTML page, in a hidden svg at the start of its body', () => {
    const tags = (iconFiles().transformIndexHtml as () => HtmlTagDescriptor[])();
    expect(tags).toEqual([{ tag: 'svg', attrs: { xmlns: 'http://www.w3.org/2000/svg', display: 'none', 'aria-hidden': 'true' }, children: symbolElements(), injectTo: 'body-prepend' }]);
  });
});

describe('the map sprite', () => {
  for (const [suffix, ratio] of [['', 1], ['@2x', 2]] as const) {
    it(`lists every kind's badge at ${ratio}× inside its PNG`, async () => {
      const index = JSON.parse(files.get(`${MAP_SPRITE}${suffix}.json`)!.toString()) as Record<string, SpriteEntry>;
      expect(Object.keys(index).sort()).toEqual(KINDS.map(kindIconId).sort());
      const png = files.get(`${MAP_SPRITE}${suffix}.png`)!;
      const { width, height } = await sharp(png).metadata();
      for (const entry of Object.values(index)) {
        expect(entry).toMatchObject({ width: BADGE_SIZE * ratio, height: BADGE_SIZE * ratio, pixelRatio: ratio });
        expect(entry.x + entry.width).toBeLessThanOrEqual(width!);
        expect(entry.y + entry.height).toBeLessThanOrEqual(height!);
      }
    });
  }

  it("draws each badge in its kind's colour, the icon inside the ring", async () => {
    const index = JSON.parse(files.get(`${MAP_SPRITE}@2x.json`)!.toString()) as Record<string, SpriteEntry>;
    const { data, info } = await sharp(files.get(`${MAP_SPRITE}@2x.png`)!).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)];
    for (const kind of KINDS) {
      const { x, y, width } = index[kindIconId(kind)]!;
      const hex = KIND_META[kind].color;
      const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      // On the ring, left middle: the kind's colour, opaque.
      const ring = pixel(x + Math.round(width * (3 / 64)), y + width / 2);
      expect(ring[3]).toBe(255);
      ring.slice(0, 3).forEach((c, i) => expect(Math.abs(c - rgb[i]!)).toBeLessThanOrEqual(2));
      // Inside the disc: some pixels of the icon in the kind's colour, not only white.
      let coloured = 0;
      for (let py = y + 20; py < y + 44; py += 1) for (let px = x + 20; px < x + 44; px += 1) if (pixel(px, py).slice(0, 3).reduce((dark, c) => dark + 255 - c, 0) > 90) coloured += 1;
      expect(coloured, kind).toBeGreaterThan(20);
    }
  });

  it('is what the style names, and the badge layer asks for its images', () => {
    const style = mapStyle({ sprite: `https://example.test/${MAP_SPRITE}` });
    expect(style.sprite).toBe(`https://example.test/${MAP_SPRITE}`);
    const icons = style.layers.find((l) => l.type === 'symbol' && JSON.stringify(l.layout).includes('icon-image'));
    expect(JSON.stringify(icons?.layout)).toContain(`"${kindIconId('')}"`);
  });

  it('scales an icon into the ring whatever its viewBox', () => {
    const svg = badgeSvg({ viewBox: '0 0 24 24', attributes: {}, body: '<path d="M0 0h24v24z"/>' }, '#123456', 64);
    expect(svg).toContain('viewBox="0 0 24 24"');
    expect(svg).toContain('width="64"');
  });
});

describe('icons in pages', () => {
  it('are SVG uses of the page\'s symbols, hidden from screen readers', () => {
    render(<KindIcon kind="camera" />, document.body);
    const svg = document.querySelector('svg')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.querySelector('use')!.getAttribute('href')).toBe(`#${kindIconId('camera')}`);
  });

  it('the navigation bar: one icon per entry, the label as text beside it', () => {
    render(<NavBar route={{ view: 'list' }} moderator />, document.body);
    const links = [...document.querySelectorAll('.nav-link')];
    expect(links.length).toBeGreaterThan(4);
    for (const link of links) {
      const use = link.querySelector('svg[aria-hidden="true"] use');
      expect(use?.getAttribute('href')).toMatch(/^#ui-/);
      expect(link.querySelector('.nav-label')?.textContent?.trim()).not.toBe('');
    }
    // No text glyph stands in for a picture anywhere in the bar.
    const glyphs = [...document.querySelectorAll('[aria-hidden="true"]')].map((el) => el.textContent ?? '').join('');
    expect(glyphs.trim()).toBe('');
  });
});
