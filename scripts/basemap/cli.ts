/**
 * `npm run basemap -- <extract.osm.pbf>`: builds DATA_DIR/basemap.pmtiles (DATA_DIR defaults to
 * ./data), which the server then serves to the map.
 */
import { buildBasemap } from './build.ts';

const input = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!input) {
  console.error('usage: npm run basemap -- <extract.osm.pbf>   (writes $DATA_DIR/basemap.pmtiles, DATA_DIR=./data by default)');
  process.exit(2);
}
const dataDir = process.env['DATA_DIR'] ?? './data';
try {
  const r = await buildBasemap(input, { dataDir, log: (line) => console.log(line) });
  const mb = (r.bytes / 1024 / 1024).toFixed(1);
  console.log(
    `basemap ready: ${r.path} — ${mb} MB, ${r.addressedTiles} tiles (${r.tileContents} distinct), zoom ${r.minZoom}–${r.maxZoom}, ` +
      `tilemaker ${(r.tilemakerMs / 1000).toFixed(1)} s, packing ${(r.packMs / 1000).toFixed(1)} s`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
