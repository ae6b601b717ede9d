/**
 * main.tsx runs database-opening.ts before it loads the rest of the app, so that the database opens
 * while zod, preact and the views are fetched and parsed: that holds only while nothing the module
 * imports reaches them (type-only imports aside: the build erases them).
 */
import { createRequire } from 'node:module';
import { cruise, type ICruiseOptions, type IModule } from 'dependency-cruiser';
import { expect, it } from 'vitest';

const { options } = createRequire(import.meta.url)('../../../.dependency-cruiser.cjs') as { options: ICruiseOptions };

/** The modules `entry` loads when it runs: its imports, theirs, and so on, type-only ones left out. */
async function loadedBy(entry: string): Promise<string[]> {
  const { output } = await cruise([entry], options);
  const byName = new Map((output as { modules: IModule[] }).modules.map((m) => [m.source, m]));
  const seen = new Set([entry]);
  for (const name of seen) {
    for (const d of byName.get(name)?.dependencies ?? []) {
      if (!d.dependencyTypes.includes('type-only') && !d.dynamic) seen.add(d.resolved);
    }
  }
  return [...seen];
}

it('the first script loads the database code but neither zod nor preact', async () => {
  const modules = await loadedBy('src/app/shell/database-opening.ts');
  expect(modules).toContain('src/store/db.ts');
  expect(modules.some((m) => m.startsWith('node_modules/idb/'))).toBe(true);
  expect(modules.filter((m) => /^node_modules\/(zod|preact)\/|^src\/core\/zod\.ts$/.test(m))).toEqual([]);
  // The walk follows what it should: the app itself loads both.
  const app = await loadedBy('src/app/render-app.tsx');
  expect(new Set(app.map((m) => /^node_modules\/(zod|preact)\//.exec(m)?.[1]).filter(Boolean))).toEqual(new Set(['zod', 'preact']));
});
