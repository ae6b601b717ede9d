/**
 * The built files that one entry of the build alone reaches (the public page's own chunks, styles,
 * catalogues and data files), read from the bundle's import graph, so that the walker's service
 * worker leaves them out of its precache while it keeps everything the walker's page reaches,
 * shared chunks included. Files outside the graph (public/, icons, workers' own imports) are never
 * counted as one entry's.
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { reachable } from '../build/reachable.ts';

/** File name (relative to the build's outDir) → the file names it loads: imports, dynamic imports, styles, assets. */
export type FileGraph = ReadonlyMap<string, readonly string[]>;

/** Every file reached from `starts` through `graph` (the starts included). */
export function reachableFiles(graph: FileGraph, starts: Iterable<string>): Set<string> {
  return reachable(starts, (file) => graph.get(file) ?? []);
}

/**
 * The files the entry `only` reaches and no other entry does. `entries`: each entry's name →
 * the files it starts from (its chunk and its HTML page). Throws when `only` is not an entry.
 */
export function filesOnlyReachedBy(graph: FileGraph, entries: ReadonlyMap<string, readonly string[]>, only: string): Set<string> {
  const own = entries.get(only);
  if (!own) throw new Error(`no entry named ${only} in the build (entries: ${[...entries.keys()].join(', ')})`);
  const others = reachableFiles(graph, [...entries].flatMap(([name, starts]) => (name === only ? [] : starts)));
  return new Set([...reachableFiles(graph, own)].filter((file) => !others.has(file)));
}

/**
 * A Vite plugin that reads the finished bundle (after every plugin has emitted its files) and a
 * workbox `manifestTransforms` step that drops from the precache the files only `entry` reaches.
 * The transform throws if the plugin has not read a bundle: the precache must never silently
 * hold the whole build.
 */
export function leaveOutEntryOnlyFiles(entry: string): {
  plugin: Plugin;
  manifestTransform: <T extends { url: string }>(manifest: T[]) => { manifest: T[]; warnings: string[] };
} {
  let root = '';
  let left: Set<string> | null = null;
  return {
    plugin: {
      name: 'contrechamp-entry-only-files',
      apply: 'build',
      configResolved(config) {
        root = config.root;
      },
      writeBundle(_options, bundle) {
        const graph = new Map<string, string[]>();
        const entries = new Map<string, string[]>();
        const pages = new Map<string, string>();
        for (const file of Object.values(bundle)) {
          if (file.type === 'asset') {
            // An HTML page's original name is absolute, other assets' relative to the root.
            for (const source of file.originalFileNames) if (source.endsWith('.html')) pages.set(resolve(root, source), file.fileName);
            continue;
          }
          const meta = file.viteMetadata;
          graph.set(file.fileName, [...file.imports, ...file.dynamicImports, ...(meta?.importedCss ?? []), ...(meta?.importedAssets ?? [])]);
        }
        for (const file of Object.values(bundle)) {
          if (file.type !== 'chunk' || !file.isEntry) continue;
          const page = file.facadeModuleId ? pages.get(file.facadeModuleId) : undefined;
          entries.set(file.name, page ? [file.fileName, page] : [file.fileName]);
        }
        left = filesOnlyReachedBy(graph, entries, entry);
      },
    },
    manifestTransform(manifest) {
      const only = left;
      if (!only) throw new Error('the bundle graph was not read before the precache list was made');
      return { manifest: manifest.filter((item) => !only.has(item.url)), warnings: [] };
    },
  };
}
