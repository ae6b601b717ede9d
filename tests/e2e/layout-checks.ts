/**
 * Layout checks run inside the page by the narrow-screen tests: what lies under the sync badge or
 * the update banner, and what sticks out of the viewport or is cut off.
 */
import type { Page } from 'playwright-core';
import { evaluate } from './harness.ts';

/** Controls of the view that share a pixel with the sync badge or the update banner. */
export function covered(page: Page): Promise<string[]> {
  return evaluate(
    page,
    () => {
      // At the top of the view: what scrolls under the sticky badge later is not hidden by it.
      window.scrollTo(0, 0);
      const overlays = [...document.querySelectorAll('[data-testid="sync-status"], [data-testid="update-prompt"]')];
      const hits: string[] = [];
      for (const el of document.querySelectorAll('main a, main button, main input, main select, main textarea, main summary, main h1')) {
        if (overlays.some((o) => o.contains(el))) continue;
        const e = el.getBoundingClientRect();
        if (e.width === 0 || e.height === 0) continue;
        for (const overlay of overlays) {
          const o = overlay.getBoundingClientRect();
          if (e.left < o.right && e.right > o.left && e.top < o.bottom && e.bottom > o.top) {
            hits.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" under ${overlay.getAttribute('data-testid')}`);
          }
        }
      }
      return hits;
    },
    undefined,
  );
}

/**
 * What does not fit the viewport's width: a document that scrolls sideways, a box that sticks out
 * of the viewport (outside a container meant to scroll sideways, such as a wide table's), and text
 * cut off (by an ellipsis or a box that hides its overflow), except in the elements matching
 * `previews` (a one-line preview of longer text, meant to end in an ellipsis). Each fault named by
 * tag, test id or class and its first words; only the outermost box of a nest that sticks out.
 */
export function overflows(page: Page, previews = ''): Promise<string[]> {
  return evaluate(
    page,
    (previewSelector: string) => {
      const width = document.documentElement.clientWidth;
      const name = (el: Element) => {
        const id = el.getAttribute('data-testid');
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        return `${el.tagName.toLowerCase()}${id ? `[${id}]` : cls} "${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
      };
      const ancestors = function* (el: Element) {
        for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) yield a;
      };
      // Screen-reader-only text (clipped to nothing on purpose).
      const srOnly = (el: Element) => [el, ...ancestors(el)].some((a) => getComputedStyle(a).clip !== 'auto');
      const clipsSideways = (style: CSSStyleDeclaration) => style.overflowX !== 'visible';
      const found: string[] = [];
      const doc = document.documentElement;
      if (doc.scrollWidth > doc.clientWidth) found.push(`the document scrolls sideways (${doc.scrollWidth} px in ${doc.clientWidth})`);
      const outside = new Set<Element>();
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.right <= width + 0.5 && r.left >= -0.5) continue;
        // Inside a box that scrolls or clips sideways: that box's own overflow is what counts.
        if ([...ancestors(el)].some((a) => a !== document.body && clipsSideways(getComputedStyle(a)))) continue;
        if (srOnly(el)) continue;
        outside.add(el);
        if (el.parentElement && outside.has(el.parentElement)) continue;
        found.push(`${name(el)} spans ${Math.round(r.left)}–${Math.round(r.right)} px`);
      }
      for (const el of document.body.querySelectorAll('*')) {
        if (el.clientWidth === 0 || srOnly(el)) continue;
        if (previewSelector && el.matches(previewSelector)) continue;
        const style = getComputedStyle(el);
        const hides = style.textOverflow === 'ellipsis' || style.overflowX === 'hidden' || style.overflowX === 'clip';
        if (hides && el.scrollWidth > el.clientWidth + 1) found.push(`${name(el)} is cut off (${el.scrollWidth} px in ${el.clientWidth})`);
        else if (style.overflowY === 'hidden' && el.scrollHeight > el.clientHeight + 1 && (el.textContent ?? '').trim()) {
          found.push(`${name(el)} is cut off (${el.scrollHeight} px high in ${el.clientHeight})`);
        }
      }
      return found;
    },
    previews,
  );
}
