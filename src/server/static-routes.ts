/**
 * The built app (dist/) with the cache headers a PWA needs: hashed assets are immutable, every
 * other file (index.html, sw.js, the manifest, icons) is revalidated, and any other GET outside
 * /api falls back to index.html (client-side routes). Dot files and folders are not served: the
 * build's `.vite/manifest.json` (its chunk graph, for the tests) is not for the public.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export async function staticRoutes(app: FastifyInstance, distDir: string): Promise<void> {
  const assetsDir = path.join(distDir, 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    cacheControl: false,
    dotfiles: 'ignore',
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', filePath.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
      if (filePath.endsWith('.webmanifest')) reply.header('content-type', 'application/manifest+json');
    },
  });
}

export function hasBuiltApp(distDir: string | null): distDir is string {
  return distDir !== null && fs.existsSync(path.join(distDir, 'index.html'));
}
