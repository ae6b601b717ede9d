import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { marked } from 'marked';
import { iconFiles } from './scripts/icons/vite-plugin.ts';
import { leaveOutEntryOnlyFiles } from './scripts/pwa/entry-only-files.ts';
import { startChunk } from './scripts/build/app-start-chunk.ts';

const THEME = '#1b1b1f';
const BACKGROUND = '#1b1b1f';

// The public page (/explore/) is a separate entry that visitors load online: what it alone reaches
// (its own chunks, catalogues, explainers, commune boundaries) stays out of the walker's precache.
const publicPageFiles = leaveOutEntryOnlyFiles('explore');
// The walker's app start in two chunks (its own modules, those it shares with the public page),
// preloaded with the page's first script: fewer answers from the service worker before the first row.
const appStart = startChunk('app-start', 'src/app/render-app.tsx', 'index.html', ['explore/index.html']);

/**
 * Markdown content files (content/understand/<lang>/<kind>.md) become HTML files at build time, and
 * their import the file's URL: the page fetches the one it shows, so neither a parser nor the
 * texts ship as script. The dev server has no emitted files; there the URL is a data: URL.
 */
const markdown: Plugin = {
  name: 'contrechamp-markdown',
  transform(code, id) {
    if (!id.endsWith('.md')) return null;
    const html = marked.parse(code, { async: false });
    if (this.environment.mode === 'dev') {
      return { code: `export default ${JSON.stringify(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)};`, map: null };
    }
    // content/understand/fr/camera.md → assets/understand-fr-camera-<hash>.html
    const name = id.slice(id.lastIndexOf('/content/') + '/content/'.length, -'.md'.length).replaceAll('/', '-');
    const ref = this.emitFile({ type: 'asset', name: `${name}.html`, source: html });
    return { code: `export default import.meta.ROLLUP_FILE_URL_${ref};`, map: null };
  },
};

export default defineConfig({
  plugins: [
    markdown,
    // Kind and interface icons: the symbols each HTML page holds, a sprite for the maps.
    iconFiles(),
    publicPageFiles.plugin,
    appStart.plugin,
    preact(),
    VitePWA({
      // A hand-written SW (src/sw/sw.ts) so it can answer Background Sync and the update prompt.
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // Registered by src/app/pwa/register-sw.ts through workbox-window, not by an injected script.
      injectRegister: false,
      registerType: 'prompt',
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'Contrechamp',
        short_name: 'Contrechamp',
        description: 'Cartographier la surveillance à Bruxelles',
        lang: 'fr',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: THEME,
        background_color: BACKGROUND,
        categories: ['utilities', 'navigation'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The app shell: our code, MapLibre and its worker (.mjs), styles, fonts, icons.
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,ico,woff,woff2,json,webmanifest}'],
        // MapLibre alone is close to 1 MB; the precache must hold it.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        // A classic (non-module) SW: registers everywhere, Firefox included.
        rollupFormat: 'iife',
        manifestTransforms: [publicPageFiles.manifestTransform],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // dist/.vite/manifest.json: the chunk graph, which the e2e tests read to check the precache.
    manifest: true,
    rollupOptions: {
      // The walker's app, and the light public page at /explore/ (none of the walker's code).
      input: { index: 'index.html', explore: 'explore/index.html' },
      output: {
        // MapLibre in a chunk of its own: cached apart from our code, and measured apart by bench/.
        codeSplitting: {
          groups: [{ name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ }, ...appStart.groups],
        },
      },
    },
  },
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
