import { describe, expect, it } from 'vitest';
import { filesOnlyReachedBy, reachableFiles } from '../../../scripts/pwa/entry-only-files.ts';

// Two pages sharing a chunk; the public one has a lazy page and a data file of its own, and loads
// one of the walker's chunks lazily too.
const graph = new Map<string, string[]>([
  ['app.js', ['shared.js', 'app-lazy.js', 'app.css']],
  ['app-lazy.js', ['shared.js', 'worker.js']],
  ['explore.js', ['shared.js', 'explore-lazy.js', 'explore.css', 'app-lazy.js']],
  ['explore-lazy.js', ['shared.js', 'communes.json', 'explore.js']],
  ['shared.js', []],
]);
const entries = new Map([
  ['index', ['app.js', 'index.html']],
  ['explore', ['explore.js', 'explore/index.html']],
]);

describe('the files one entry alone reaches', () => {
  it('follows imports, lazy imports, styles and assets, through cycles', () => {
    expect([...reachableFiles(graph, ['explore-lazy.js'])].sort()).toEqual(
      ['app-lazy.js', 'communes.json', 'explore-lazy.js', 'explore.css', 'explore.js', 'shared.js', 'worker.js'],
    );
  });

  it('keeps what another entry reaches too, its page included', () => {
    expect([...filesOnlyReachedBy(graph, entries, 'explore')].sort()).toEqual(
      ['communes.json', 'explore-lazy.js', 'explore.css', 'explore.js', 'explore/index.html'],
    );
    expect([...filesOnlyReachedBy(graph, entries, 'index')].sort()).toEqual(['app.css', 'app.js', 'index.html']);
  });

  it('refuses an entry the build does not have', () => {
    expect(() => filesOnlyReachedBy(graph, entries, 'admin')).toThrow(/no entry named admin/);
  });
});
