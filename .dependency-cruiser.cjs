/** The layering of DESIGN.md: app → sync → store → core, server → core, sw → core; explore → core and the shared map. */
const layer = (name, allowed) => ({
  name: `${name}-imports-only-${allowed.join('-') || 'itself'}`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...allowed.map((a) => `^src/${a}/`)] },
});

module.exports = {
  forbidden: [
    layer('core', []),
    layer('store', ['core']),
    layer('sync', ['store', 'core']),
    layer('app', ['sync', 'store', 'core']),
    layer('sw', ['core']),
    layer('server', ['core']),
    {
      name: 'explore-imports-only-core-and-the-shared-map',
      comment: 'the public page (/explore/) carries no walker code: no store, sync, sw or walker views',
      severity: 'error',
      from: { path: '^src/explore/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/explore/',
          '^src/core/',
          '^src/app/map/(new-map|style|map-constants|fonts|basemap-style|load-maplibre)\\.ts$',
          '^src/app/icons/(icon-set\\.ts|icon\\.tsx)$',
          '^src/sync/server-basemap\\.ts$',
          '^src/app/i18n/(format|pick-language|document-kinds|kind-names)\\.ts$',
        ],
      },
    },
    {
      name: 'core-is-dependency-free',
      comment: 'core runs in browser, worker, server and tests alike: no browser or node packages',
      severity: 'error',
      from: { path: '^src/core/' },
      // sax: a dependency-free streaming XML parser that never expands DTD entities (OSM XML import).
      // @turf, flatbush: pure geometry and a spatial index (communes, route exposure), no browser or node API.
      to: { dependencyTypes: ['npm', 'core'], pathNot: ['node_modules/(zod|uuidv7|uuid|sax|papaparse|flatbush|@turf/[a-z-]+)/'] },
    },
    {
      name: 'server-never-imports-browser-packages',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: 'node_modules/(preact|maplibre-gl|idb|workbox-window)/' },
    },
    {
      name: 'only-store-imports-idb',
      comment: 'IndexedDB is the store layer: every database, its schema and its place in the device inventory live in src/store',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: 'node_modules/idb/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    parser: 'tsc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
