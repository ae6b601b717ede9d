/** The app start's chunk: what render-app loads, less what the first chunk holds and what the public page reaches. */
import { expect, it } from 'vitest';
import { startOnlyModules, type ModuleGraph } from '../../../scripts/build/app-start-chunk.ts';

const graphOf = (imports: Record<string, string[]>, dynamic: Record<string, string[]> = {}): ModuleGraph => ({
  imports: (id) => imports[id] ?? [],
  dynamicImports: (id) => dynamic[id] ?? [],
});

it('gathers what the start loads statically, leaving out what the page already loaded and anything another entry reaches, even lazily', () => {
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
  expect(startOnlyModules(graph, 'start', 'index.html', ['explore.html'])).toEqual(new Set(['start', 'app', 'list', 'store']));
});
