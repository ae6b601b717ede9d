/**
 * The Vite side of build-icons.ts: the icon files are emitted into the build (where the service
 * worker's precache picks them up) and served by the dev server at the same paths.
 */
import type { Plugin } from 'vite';
import { buildIconFiles } from './build-icons.ts';

const TYPES: Record<string, string> = { svg: 'image/svg+xml', png: 'image/png', json: 'application/json' };

export function iconFiles(): Plugin {
  let files: Promise<Map<string, Buffer>> | null = null;
  const built = () => (files ??= buildIconFiles());
  return {
    name: 'contrechamp-icons',
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
