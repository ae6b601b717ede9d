/**
 * The app start's chunks: what render-app loads, less what the first chunk holds, split into what
 * the public page never reaches and what it does; and the files the page preloads for them.
 */
import { expect, it } from 'vitest';
import type { Rolldown } from 'vite';
import { startModules, startPreloads, type ModuleGraph } from '../../../scripts/build/app-start-chunk.ts';

const graphOf = (imports: Record<string, string[]>, dynamic: Record<string, string[]> = {}): ModuleGraph => ({
  imports: (id) => imports[id] ?? [],
  dynamicImports: (id) => dynamic[id] ?? [],
});

it('gathers what the start loads statically, less what the page already loaded, apart from what another entry reaches, even lazily', () => {
  const graph = graphOf(
    {
      'index.html': ['main'],
      main: ['opening'],
      opening: ['db'],
      start: ['app', 'db', 'zod'],
      app: ['list', 'store', 'catalogue'],
      list: ['store'],
      'explore.html': ['explore'],
      explore: ['zod'],
      lazyPage: ['catalogue'],
      form: ['store', 'formOnly'],
    },
    { main: ['start'], app: ['form'], explore: ['lazyPage'] },
  );
  expect(startModules(graph, 'start', 'index.html', ['explore.html'])).toEqual({
    only: new Set(['start', 'app', 'list', 'store']),
    shared: new Set(['zod', 'catalogue']),
  });
});

/** A bundle of chunks given by file: the modules each holds, its static imports and its styles. */
function bundleOf(chunks: Record<string, { modules?: string[]; imports?: string[]; css?: string[] }>): Rolldown.OutputBundle {
  return Object.fromEntries(
    Object.entries(chunks).map(([fileName, c]) => [
      fileName,
      { type: 'chunk', fileName, moduleIds: c.modules ?? [], imports: c.imports ?? [], viteMetadata: { importedCss: new Set(c.css ?? []), importedAssets: new Set() } },
    ]),
  ) as unknown as Rolldown.OutputBundle;
}

it('preloads the chunks the start loads and their styles, none the page entry already loads', () => {
  const bundle = bundleOf({
    'index.js': { modules: ['main'], imports: ['taxonomy.js'], css: ['index.css'] },
    'taxonomy.js': { modules: ['taxonomy'] },
    'app-start.js': { modules: ['app', 'start'], imports: ['runtime.js', 'shared.js', 'index.js', 'taxonomy.js'], css: ['app-start.css'] },
    'shared.js': { modules: ['zod'], imports: ['taxonomy.js'] },
    'runtime.js': {},
    'lazy.js': { modules: ['form'], imports: ['app-start.js'], css: ['lazy.css'] },
  });
  const entry = bundle['index.js'] as Rolldown.OutputChunk;
  expect(startPreloads(bundle, entry, 'start').sort()).toEqual(['app-start.css', 'app-start.js', 'runtime.js', 'shared.js']);
  expect(() => startPreloads(bundle, entry, 'nowhere')).toThrow(/no chunk holds nowhere/);
});
