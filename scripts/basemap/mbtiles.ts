/** Reads an MBTiles file (SQLite, TMS rows) as a TileReader for the PMTiles packer. */
import Database from 'better-sqlite3';
import type { TileCoord, TileReader } from './pmtiles-writer.ts';

export interface MbtilesReader extends TileReader {
  coordinates(): TileCoord[];
  metadata(): Record<string, string>;
  close(): void;
}

export function openMbtiles(path: string): MbtilesReader {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const one = db.prepare<[number, number, number], { tile_data: Buffer }>(
    'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
  );
  return {
    coordinates(): TileCoord[] {
      // All at once (small: three numbers a tile): SQLite cannot read tiles while a cursor is open.
      const rows = db
        .prepare<[], { z: number; x: number; row: number }>('SELECT zoom_level AS z, tile_column AS x, tile_row AS row FROM tiles')
        .all();
      // MBTiles counts rows from the south (TMS); PMTiles, like the web, from the north.
      return rows.map(({ z, x, row }) => ({ z, x, y: 2 ** z - 1 - row }));
    },
    read({ z, x, y }: TileCoord): Uint8Array {
      const hit = one.get(z, x, 2 ** z - 1 - y);
      if (!hit) throw new Error(`tile ${z}/${x}/${y} listed but not found in ${path}`);
      return hit.tile_data;
    },
    metadata(): Record<string, string> {
      const rows = db.prepare<[], { name: string; value: string }>('SELECT name, value FROM metadata').all();
      return Object.fromEntries(rows.map((r) => [r.name, r.value]));
    },
    close: () => db.close(),
  };
}
