/**
 * Case 06: our own CSV export after a spreadsheet re-saved it (fr-BE / nl-BE Excel: `;` separator,
 * decimal commas, a BOM, CRLF). Each file imports to the one camera case.md names; the import is
 * sniffed the way the import panel does it.
 */
import { describe, expect, it } from 'vitest';
import { encodeCsv, importCsv } from '../../../src/core/codecs/csv.ts';
import { importText, sniffImportFormat } from '../../../src/core/codecs/import-formats.ts';
import { readFieldCase } from './field-case-files.ts';

const CASE = '06-csv-semicolon-decimal-comma';
const collect = (pieces: Iterable<string>): string => [...pieces].join('');

describe('field case 06: CSV as spreadsheets save it', () => {
  for (const file of ['export-original.csv', 'export-resaved-fr-BE.csv', 'export-semicolon-only.csv']) {
    it(`imports ${file} as the one camera of case.md`, (ctx) => {
      const text = readFieldCase(ctx, CASE, file);
      const format = sniffImportFormat(file.replace(/\.csv$/, '.txt'), text.slice(0, 1024));
      expect(format).toBe('csv');
      const result = importText('csv', text);
      expect(result.skipped).toEqual([]);
      expect(result.observations).toHaveLength(1);
      const [obs] = result.observations;
      expect(obs?.id).toBe('01943a6e-7c00-7000-8000-000000000001');
      expect(obs?.kind).toBe('camera');
      expect(obs?.position).toMatchObject({ lat: 50.8466456, lon: 4.3528123, accuracy: 12.5 });
      expect(obs?.details).toMatchObject({ height: 4.5, direction: [{ bearing: 135 }] });
      expect(obs?.notes).toBe('Dôme au coin de la rue');
    });
  }

  it('reads the re-saved file to the same observation as the original', (ctx) => {
    const original = importCsv(readFieldCase(ctx, CASE, 'export-original.csv'));
    const resaved = importCsv(readFieldCase(ctx, CASE, 'export-resaved-fr-BE.csv'));
    expect(resaved.observations).toEqual(original.observations);
    expect(importCsv(collect(encodeCsv(original.observations))).observations).toEqual(original.observations);
  });
});

describe('CSV dialects', () => {
  const head = 'id;kind;lat;lon;notes';
  it('reads tab separators, an Excel sep= line, and line breaks and separators inside quotes', () => {
    const tab = importCsv('id\tkind\tlat\tlon\tnotes\n01943a6e-7c00-7000-8000-000000000001\tcamera\t50,8\t4,3\t"a\tb"\n');
    const sep = importCsv(`sep=;\r\n${head}\r\n01943a6e-7c00-7000-8000-000000000001;camera;50,8;4,3;"deux\r\nlignes; et ""guillemets"""\r\n`);
    for (const r of [tab, sep]) expect(r.skippedTotal).toBe(1); // no createdAt and the like: the schema names the field
    expect(tab.skipped[0]?.params?.field).not.toBe('position');
    expect(sep.skipped[0]?.params?.field).not.toBe('position');
  });

  it('never reads a list or a thousands grouping as a decimal comma', () => {
    const r = importCsv(`${head}\r\nx;camera;"1,234,5";4,3;\r\n`);
    expect(r.skipped[0]).toMatchObject({ reason: 'import.invalidRecord', params: { field: 'position' } });
  });
});
