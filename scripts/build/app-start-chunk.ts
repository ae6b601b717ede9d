/**
 * The walker's app start (render-app.tsx, which main.tsx imports once the database is opening) in
 * two chunks, both preloaded by the page. Left to itself the bundler splits it into many small
 * chunks, one per set of lazy views or public-page modules that also use some of it (the list's
 * store code, the catalogues, the schemas, preact…), and each is one more answer from the service
 * worker, and one more preload link to add, before the first row. This puts every module the app
 * start loads, except what the page's first chunk already holds, into `<name>` when the public
 * page never reaches it (statically or lazily), else into `<name>-shared`, which the public page
 * loads too. The page's HTML then preloads them with its first script (startPreloads).
 */
import { resolve } from 'node:path';
import type { HtmlTagDescriptor, Plugin, Rolldown } from 'vite';
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
 * `loaded` (static imports): `only`, those no entry of `others` ever reaches; `shared`, the rest.
 */
export function startModules(graph: ModuleGraph, start: string, loaded: string, others: readonly string[]): { only: Set<string>; shared: Set<string> } {
  const elsewhere = reachedModules(graph, others, true);
  const before = reachedModules(graph, [loaded], false);
  const needed = [...reachedModules(graph, [start], false)].filter((id) => !before.has(id));
  return { only: new Set(needed.filter((id) => !elsewhere.has(id))), shared: new Set(needed.filter((id) => elsewhere.has(id))) };
}

/**
 * The files the chunk holding `start` loads (itself, its static imports and theirs, their styles)
 * that the page's entry chunk `entry` does not already load, scripts first.
 * @throws when no chunk of `bundle` holds `start`.
 */
export function startPreloads(bundle: Rolldown.OutputBundle, entry: Rolldown.OutputChunk, start: string): string[] {
  const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
  const host = [...chunks.values()].find((c) => c.moduleIds.includes(start));
  if (!host) throw new Error(`no chunk holds ${start}: the start's chunks cannot be preloaded`);
  const loaded = (from: string) => reachable([from], (file) => chunks.get(file)?.imports ?? []);
  const already = loaded(entry.fileName);
  const files = [...loaded(host.fileName)].filter((file) => !already.has(file));
  const styles = files.flatMap((file) => [...(chunks.get(file)?.viteMetadata?.importedCss ?? [])]);
  return [...files, ...styles];
}

/**
 * A plugin that reads the module graph once the build has parsed it and adds the start's preloads
 * to `page`, and the code-splitting groups that gather the start modules (startModules) into the
 * chunks `name` and `<name>-shared`. Paths relative to the root: `start` a module, `page` and
 * `others` HTML entries. The groups capture nothing before the graph is read.
 */
export function startChunk(name: string, start: string, page: string, others: readonly string[]): {
  plugin: Plugin;
  groups: Array<{ name: string; test: (id: string) => boolean; includeDependenciesRecursively: false }>;
} {
  let root = '';
  let base = '/';
  let modules = { only: new Set<string>(), shared: new Set<string>() };
  return {
    plugin: {
      name: 'contrechamp-start-chunk',
      apply: 'build',
      configResolved(config) {
        root = config.root;
        base = config.base;
      },
      // The page fetches the start's chunks and styles with its first script, not once that script
      // has run and asked for them: their fetch and compilation overlap the database's opening.
      transformIndexHtml: {
        order: 'post',
        handler(_html, { filename, bundle, chunk }) {
          if (!bundle || !chunk || resolve(filename) !== resolve(root, page)) return undefined;
          return startPreloads(bundle, chunk, resolve(root, start)).map((file): HtmlTagDescriptor => ({
            tag: 'link',
            attrs: file.endsWith('.css') ? { rel: 'stylesheet', crossorigin: true, href: `${base}${file}` } : { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` },
            injectTo: 'head',
          }));
        },
      },
      buildEnd() {
        const info = (id: string) => this.getModuleInfo(id);
        const graph: ModuleGraph = { imports: (id) => info(id)?.importedIds ?? [], dynamicImports: (id) => info(id)?.dynamicallyImportedIds ?? [] };
        const [from, entry] = [resolve(root, start), resolve(root, page)];
        for (const id of [from, entry]) if (!info(id)) throw new Error(`no module ${id} in the build: the start chunk cannot be made`);
        modules = startModules(graph, from, entry, others.map((other) => resolve(root, other)));
      },
    },
    // Only these modules: their other imports stay where the automatic splitting puts them (shared
    // chunks that never import back from this one).
    groups: [
      { name, test: (id) => modules.only.has(id), includeDependenciesRecursively: false },
      { name: `${name}-shared`, test: (id) => modules.shared.has(id), includeDependenciesRecursively: false },
    ],
  };
}
