/** One-file exports as Blobs, progress reporting, and how an import file's format is recognised. */
import { describe, expect, it } from 'vitest';
import { collect } from '../../../src/core/codecs/chunks.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../../src/core/codecs/export-formats.ts';
import { ImportError } from '../../../src/core/codecs/import-result.ts';
import { readImportFile, readText } from '../../../src/app/export/read-import-file.ts';
import { Utf8BlobParts, buildTextExport } from '../../../src/app/export/text-export.ts';
import { makeObservation } from '../store/fixtures.ts';

const observations = Array.from({ length: 300 }, (_, i) => makeObservation({ notes: `n° ${i} « é »` }));

describe('buildTextExport', () => {
  it.each(Object.keys(EXPORT_FORMATS) as ExportFormat[])('%s: the Blob holds exactly the encoder output, typed', async (format) => {
    const blob = await buildTextExport(format, observations);
    // Bytes, not blob.text(): decoding would drop the CSV's byte-order mark.
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(new TextEncoder().encode(collect(EXPORT_FORMATS[format].encode(observations, {})))))).toBe(true);
    expect(blob.type).toBe(EXPORT_FORMATS[format].mediaType);
  });

  it('reports progress up to the total', async () => {
    const seen: number[] = [];
    await buildTextExport('geojson', observations, {}, (done, total) => {
      expect(total).toBe(300);
      seen.push(done);
    });
    expect(seen.at(-1)).toBe(300);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('Utf8BlobParts', () => {
  it('gives the UTF-8 bytes of the texts in order, in parts of at most a buffer, the buffer reused; a long text in a larger one', async () => {
    const some = ['{"a":"é"}', '📷 caméra', '\u2028"\\', 'x'.repeat(100), '', 'ü'.repeat(7), '\ud83d', 'end'];
    const texts = [...some, ...some, ...some];
    const parts = new Utf8BlobParts(32);
    for (const text of texts) parts.add(text);
    const blobs = parts.finish();
    expect(blobs.length).toBeGreaterThan(2);
    // Parts fill the 32-byte buffer until the long text; from then on the buffer holds its 300 bytes.
    expect(blobs.slice(0, 2).map((blob) => blob.size)).toEqual([10, 17]);
    for (const blob of blobs) expect(blob.size).toBeLessThanOrEqual(300);
    // Every part kept its bytes although the buffer they were encoded into was written again.
    const bytes = new Uint8Array(await new Blob(blobs).arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(new TextEncoder().encode(texts.join(''))))).toBe(true);
  });
});

describe('reading an import file', () => {
  const geojson = collect(EXPORT_FORMATS.geojson.encode(observations.slice(0, 3), {}));

  it('recognises GeoJSON, CSV, OSM XML and Overpass JSON by content, not by name', () => {
    expect(readText(geojson, 'whatever.txt').format).toBe('geojson');
    expect(readText(collect(EXPORT_FORMATS.csv.encode(observations.slice(0, 3), {})), 'x.txt').format).toBe('csv');
    expect(readText('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="50.8" lon="4.3"><tag k="man_made" v="surveillance"/></node></osm>').format).toBe('osm');
    const overpass = readText('{"version":0.6,"elements":[{"type":"node","id":1,"lat":50.8,"lon":4.3,"tags":{"highway":"speed_camera"}}]}');
    expect(overpass.format).toBe('overpass');
    expect(overpass.bundle.observations[0]?.kind).toBe('alpr');
  });

  it('reads our GeoJSON back to the same observations', () => {
    expect(readText(geojson).bundle.observations).toEqual(observations.slice(0, 3));
  });

  it('refuses a file over the size limit before reading it, with the limit as a parameter', async () => {
    const error = await readImportFile(new Blob([geojson]), { maxBytes: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).key).toBe('import.tooLarge');
    expect((error as ImportError).params.max).toBe(100);
  });

  it('refuses empty and unknown files with their keys', async () => {
    expect(((await readImportFile(new Blob([])).catch((e: unknown) => e)) as ImportError).key).toBe('import.empty');
    expect(() => readText('just some words')).toThrow(expect.objectContaining({ key: 'import.unknownFormat' }));
    expect(() => readText('{"type":"FeatureCollection","features":[')).toThrow(expect.objectContaining({ key: 'import.malformed' }));
  });
});
