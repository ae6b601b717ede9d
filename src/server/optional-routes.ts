/**
 * Route plugins beside the sync protocol, each for a feature a server may go without (today the
 * offline basemap, `basemap-routes.ts`: without an archive in DATA_DIR it answers `basemap_missing`).
 * A feature adds its routes by exporting `(app, { dataDir }) => void | Promise<void>` and listing it
 * here; imported statically, so the layering check sees every route module.
 */
import type { FastifyInstance } from 'fastify';
import { basemapRoutes } from './basemap-routes.ts';

export interface PluginContext {
  dataDir: string;
}

export type RoutePlugin = (app: FastifyInstance, ctx: PluginContext) => void | Promise<void>;

const OPTIONAL_PLUGINS: readonly { name: string; plugin: RoutePlugin }[] = [{ name: 'basemapRoutes', plugin: basemapRoutes }];

/** Registers every plugin; returns their names (printed at start). */
export async function registerOptionalRoutes(app: FastifyInstance, ctx: PluginContext): Promise<string[]> {
  for (const { plugin } of OPTIONAL_PLUGINS) await plugin(app, ctx);
  return OPTIONAL_PLUGINS.map((p) => p.name);
}
