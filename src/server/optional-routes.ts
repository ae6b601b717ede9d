/**
 * Optional route plugins, registered when their module is present. Another area of the server adds
 * its routes by shipping a file that exports `(app, { dataDir }) => void | Promise<void>` and listing
 * it here, e.g. the offline basemap (`basemap-routes.ts`, export `basemapRoutes`).
 */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';

export interface PluginContext {
  dataDir: string;
}

export type RoutePlugin = (app: FastifyInstance, ctx: PluginContext) => void | Promise<void>;

const OPTIONAL_PLUGINS: readonly { file: string; exportName: string }[] = [
  { file: './basemap-routes.ts', exportName: 'basemapRoutes' },
];

export async function registerOptionalRoutes(app: FastifyInstance, ctx: PluginContext): Promise<string[]> {
  const registered: string[] = [];
  for (const { file, exportName } of OPTIONAL_PLUGINS) {
    const url = new URL(file, import.meta.url);
    if (!fs.existsSync(url)) continue;
    const mod = (await import(url.href)) as Record<string, unknown>;
    const plugin = mod[exportName];
    if (typeof plugin !== 'function') {
      throw new Error(`${file} must export a function ${exportName}(app, { dataDir }); found ${typeof plugin}`);
    }
    await (plugin as RoutePlugin)(app, ctx);
    registered.push(exportName);
  }
  return registered;
}
