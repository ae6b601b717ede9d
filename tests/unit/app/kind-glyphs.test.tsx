// @vitest-environment happy-dom
/**
 * Icons in the page never rely on an emoji font: without one (headless Chromium, some desktops) an
 * emoji is an empty box. Kinds fall back to their letter; the navigation uses plain text symbols.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/core/taxonomy.ts';
import { kindGlyph } from '../../../src/app/map/kind-icons.ts';
import { NavBar } from '../../../src/app/shell/nav-bar.tsx';

// Pictographs outside the Basic Multilingual Plane: drawn only by an emoji font.
const ASTRAL_PICTOGRAPH = /[\u{1F000}-\u{1FAFF}]/u;

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
});

describe('icons without an emoji font', () => {
  it('every kind has a letter when emoji cannot be drawn, its emoji when they can', () => {
    for (const kind of KINDS) {
      expect(kindGlyph(kind, false)).toMatch(/^[A-Z]$/);
      expect(kindGlyph(kind, true)).not.toMatch(/^[A-Z]$/);
    }
  });

  it('a browser that cannot draw emoji gets letters', () => {
    // happy-dom has no 2D canvas, like a browser without an emoji font as far as the test can tell.
    for (const kind of KINDS) expect(kindGlyph(kind)).not.toMatch(ASTRAL_PICTOGRAPH);
  });

  it('the navigation bar shows no emoji', () => {
    render(<NavBar route={{ view: 'list' }} moderator />, document.body);
    const icons = [...document.querySelectorAll('.nav-icon')].map((el) => el.textContent ?? '');
    expect(icons.length).toBeGreaterThan(4);
    for (const icon of icons) expect(icon).not.toMatch(ASTRAL_PICTOGRAPH);
  });
});
