/**
 * The Vite side of build-icons.ts: the icon files are emitted into the build (where the service
 * worker's precache picks them up) and served by the dev server at the same paths; every HTML page
 * holds the symbols itself, in a hidden `<svg>` at the start of its body. Chromium loads a symbol
 * file that `<use>` points to as a document of its own for each icon named (`symbols.svg#kind-camera`,
 * `…#ui-list`…), each parsed and styled on the main thread while the first screen is drawn.
 */
import type { Plugin } from 'vite';
import { buildIconFiles, symbolElements } from './build-icons.ts';

const TYPES: Record<string, string> = { png: 'image/png', json: 'application/json' };

export function iconFiles(): Plugin {
  let files: Promise<Map<string, Buffer>> | null = null;
  const built = () => (files ??= buildIconFiles());
  return {
    name: 'contrechamp-icons',
    transformIndexHtml: () => [
      // `display` as an attribute, not a style: the CSP allows no inline style.
      { tag: 'svg', attrs: { xmlns: 'http://www.w3.org/2000/svg', display: 'none', 'aria-hidden': 'true' }, children: symbolElements(), injectTo: 'body-prepend' },
    ],
    async generateBundle() {
      for (const [fileName, source] of await built()) this.emitFile({ type: 'asset', fileName, source });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0]?.slice(1) ?? '';
        void built().then((all) => {
          const body = all.get(path);
          if (!body) return next();
          res.setHeader('content-type', TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream');
          res.end(body);
        }, next);
      });
    },
  };
}
