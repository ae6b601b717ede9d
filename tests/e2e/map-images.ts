/**
 * What the map in the page (`window.__map`, `?test=1`) holds of the kind badges: the kinds whose
 * image it lacks, the style's sprite URL, and each badge's size in CSS pixels. The badges come
 * from the built sprite only: the app draws no image at run time, so a missing one stays missing.
 */
import type { Page } from 'playwright-core';
import { KINDS } from '../../src/core/taxonomy.ts';
import { kindIconId } from '../../src/app/icons/icon-set.ts';
import { evaluate } from './harness.ts';

export interface MapKindImages {
  missing: string[];
  sprite: unknown;
  cssSizes: number[];
}

export async function mapKindImages(page: Page): Promise<MapKindImages> {
  await page.waitForFunction(() => (window as unknown as { __map?: { loaded(): boolean } }).__map?.loaded(), null, { timeout: 60_000 });
  return evaluate(
    page,
    (names: string[]) => {
      interface Image {
        data: { width: number };
        pixelRatio: number;
      }
      const map = (window as unknown as { __map: { hasImage(n: string): boolean; getImage(n: string): Image | null; getStyle(): { sprite?: unknown } } }).__map;
      return {
        missing: names.filter((n) => !map.hasImage(n)),
        sprite: map.getStyle().sprite,
        cssSizes: names.flatMap((n) => {
          const image = map.getImage(n);
          return image ? [image.data.width / image.pixelRatio] : [];
        }),
      };
    },
    KINDS.map(kindIconId),
  );
}
