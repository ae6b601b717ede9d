/**
 * The basemap pipeline: tilemaker turns an OpenStreetMap extract into OpenMapTiles-schema vector
 * tiles (MBTiles, in a temporary folder), then they are packed into one PMTiles archive.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMbtiles } from './mbtiles.ts';
import { Compression, TileType, packPmtiles, type PackResult } from './pmtiles-writer.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const TILEMAKER_CONFIG = join(here, 'tilemaker', 'config.json');
export const TILEMAKER_PROCESS = join(here, 'tilemaker', 'process.lua');
export const BASEMAP_FILE = 'basemap.pmtiles';
export const ATTRIBUTION = '© OpenStreetMap contributors';

export function hasTilemaker(): boolean {
  const r = spawnSync('tilemaker', ['--help'], { stdio: 'ignore' });
  return !r.error;
}

/** As root on Debian, install tilemaker; otherwise say how. */
export function ensureTilemaker(log: (line: string) => void): void {
  if (hasTilemaker()) return;
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    log('tilemaker is missing: installing it with apt-get…');
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'tilemaker'], { stdio: 'inherit' });
    if (hasTilemaker()) return;
  }
  throw new Error(
    'tilemaker is not installed. On Debian or Ubuntu: sudo apt-get install tilemaker ' +
      '(elsewhere see the tilemaker README), then run this command again.',
  );
}

function run(cmd: string, args: string[], quiet: boolean): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit' });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} exited with ${code}\n${stderr}`))));
  });
}

export interface BuildResult extends PackResult {
  path: string;
  tilemakerMs: number;
  packMs: number;
}

export async function buildBasemap(
  input: string,
  options: { dataDir: string; quiet?: boolean; log?: (line: string) => void },
): Promise<BuildResult> {
  const log = options.log ?? (() => undefined);
  const source = resolve(input);
  if (!existsSync(source)) throw new Error(`no OpenStreetMap extract at ${source}`);
  ensureTilemaker(log);
  await mkdir(options.dataDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'contrechamp-basemap-'));
  try {
    const mbtiles = join(work, 'basemap.mbtiles');
    log(`tilemaker: ${basename(source)} → vector tiles…`);
    const t0 = performance.now();
    await run(
      'tilemaker',
      ['--input', source, '--output', mbtiles, '--config', TILEMAKER_CONFIG, '--process', TILEMAKER_PROCESS],
      options.quiet ?? false,
    );
    const t1 = performance.now();
    const reader = openMbtiles(mbtiles);
    try {
      const meta = reader.metadata();
      const json = meta['json'] ? (JSON.parse(meta['json']) as { vector_layers?: unknown }) : {};
      const first = reader.coordinates()[0];
      if (!first) throw new Error(`tilemaker produced no tiles from ${source}: is the extract empty?`);
      const sample = reader.read(first);
      const gzip = sample[0] === 0x1f && sample[1] === 0x8b;
      const path = join(options.dataDir, BASEMAP_FILE);
      log(`packing ${path}…`);
      const result = await packPmtiles(reader, path, {
        tileType: TileType.Mvt,
        tileCompression: gzip ? Compression.Gzip : Compression.None,
        metadata: {
          name: 'Contrechamp basemap',
          description: meta['description'] ?? 'OpenMapTiles schema',
          version: meta['version'] ?? '3.0',
          type: 'baselayer',
          format: 'pbf',
          attribution: ATTRIBUTION,
          vector_layers: json.vector_layers ?? [],
          source: basename(source),
          generator: 'tilemaker + contrechamp',
          built: new Date().toISOString(),
        },
      });
      return { ...result, path, tilemakerMs: t1 - t0, packMs: performance.now() - t1 };
    } finally {
      reader.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
