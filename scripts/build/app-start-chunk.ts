/**
 * The walker's app start (render-app.tsx, which main.tsx imports once the database is opening) in
 * one chunk. Left to itself the bundler splits it into many small chunks, one per set of lazy
 * views that also use some of it (the list's store code, the catalogues, the first-screen
 * module…), and each is one more answer from the service worker, and one more preload link to
 * add, before the first row. This puts every module the app start loads into one chunk, except
 * what the page's first chunk already holds and what the public page reaches (statically or
 * lazily): that stays in the shared chunks.
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { reachable } from './reachable.ts';

/** What the group test needs of the module graph (Rollup's and Rolldown's getModuleInfo alike). */
export interface ModuleGraph {
  imports(id: string): readonly string[];
  dynamicImports(id: string): readonly string[];
}

/** Every module reached from `starts`, through static imports only or through dynamic ones too. */
export function reachedModules(graph: ModuleGraph, starts: Iterable<string>, dynamic: boolean): Set<string> {
  return reachable(starts, (id) => (dynamic ? [...graph.imports(id), ...graph.dynamicImports(id)] : graph.imports(id)));
}

/**
 * The modules `start` loads (itself and its static imports) that are not already loaded by
 * `loaded` (static imports) and that no entry of `others` ever reaches.
 */
export function startOnlyModules(graph: ModuleGraph, start: string, loaded: string, others: readonly string[]): Set<string> {
  const elsewhere = reachedModules(graph, others, true);
  const before = reachedModules(graph, [loaded], false);
  return new Set([...reachedModules(graph, [start], false)].filter((id) => !elsewhere.has(id) && !before.has(id)));
}

/**
 * A plugin that reads the module graph once the build has parsed it, and the code-splitting group
 * that gathers the start modules (startOnlyModules) into the chunk `name`. Paths relative to the
 * root: `start` a module, `page` and `others` HTML entries. The group captures nothing before the
 * graph is read.
 */
export function startChunk(name: string, start: string, page: string, others: readonly string[]): {
  plugin: Plugin;
  group: { name: string; test: (id: string) => boolean; includeDependenciesRecursively: false };
} {
  let root = '';
  let modules = new Set<string>();
  return {
    plugin: {
      name: 'contrechamp-start-chunk',
      apply: 'build',
      configResolved(config) {
        root = config.root;
      },
      buildEnd() {
        const info = (id: string) => this.getModuleInfo(id);
        const graph: ModuleGraph = { imports: (id) => info(id)?.importedIds ?? [], dynamicImports: (id) => info(id)?.dynamicallyImportedIds ?? [] };
        const [from, entry] = [resolve(root, start), resolve(root, page)];
        for (const id of [from, entry]) if (!info(id)) throw new Error(`no module ${id} in the build: the start chunk cannot be made`);
        modules = startOnlyModules(graph, from, entry, others.map((other) => resolve(root, other)));
      },
    },
    // Only these modules: their other imports stay where the automatic splitting puts them (shared
    // chunks that never import back from this one).
    group: { name, test: (id) => modules.has(id), includeDependenciesRecursively: false },
  };
}
