/**
 * CSV for spreadsheets and GIS (RFC 4180: comma, CRLF, double-quoted cells where needed), with a
 * UTF-8 byte-order mark so that Excel reads accents right (LibreOffice and GDAL ignore it).
 * Text cells that a spreadsheet would run as a formula get a leading apostrophe; numbers stay numbers
 * (the cell writing itself: csv-cells.ts).
 */
import Papa from 'papaparse';
import type { Observation } from '../observation.ts';
import { chunked } from './chunks.ts';
import { RECORD_COLUMNS, fromFlatRecord, textCellsToRecord, toFlatRecord, type RecordOptions } from './flat-record.ts';
import { IMPORT_LIMITS, ImportError, SkipList, checkSize, type ImportResult } from './import-result.ts';
import { CSV_BOM, csvLine, restoreText } from './csv-cells.ts';

/** Tombstones are not exported to CSV (a spreadsheet is for reading), so no `deleted` column. */
export const CSV_COLUMNS = RECORD_COLUMNS.filter((name) => name !== 'deleted');

export interface CsvOptions extends RecordOptions {
  /** Start with a UTF-8 byte-order mark (default true). */
  bom?: boolean;
}

function* csvPieces(observations: Iterable<Observation>, options: CsvOptions): Generator<string> {
  yield (options.bom === false ? '' : CSV_BOM) + CSV_COLUMNS.join(',') + '\r\n';
  for (const obs of observations) {
    if (obs.deleted) continue;
    const record = toFlatRecord(obs, options);
    yield csvLine(CSV_COLUMNS.map((name) => record[name]));
  }
}

export function* encodeCsv(observations: Iterable<Observation>, options: CsvOptions = {}): Generator<string, void, undefined> {
  yield* chunked(csvPieces(observations, options));
}

/** The separators spreadsheets write: RFC 4180's comma, `;` (Excel where the decimal mark is a comma, as fr-BE and nl-BE) and tab. */
export const CSV_SEPARATORS = [',', ';', '\t'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

// Excel's "sep=;" first line names the separator outright.
const SEP_HINT = /^sep=([,;\t])\r?\n/;

/** The separator of a header line: the candidate it holds most often (column names hold none). */
function headerSeparator(text: string): CsvSeparator {
  const line = text.slice(0, text.search(/\r|\n|$/));
  let best: CsvSeparator = ',';
  let most = 0;
  for (const sep of CSV_SEPARATORS) {
    const count = line.split(sep).length - 1;
    if (count > most) [best, most] = [sep, count];
  }
  return best;
}

/**
 * Rows of a CSV as spreadsheets save it (papaparse): separator `,`, `;` or tab (an Excel `sep=`
 * line, else the one the header holds most), LF or CRLF, quoted cells holding separators, quotes
 * and line breaks; a UTF-8 BOM is dropped and empty lines skipped.
 * @throws ImportError `import.malformed` when a quoted cell is not closed.
 */
export function parseCsvRows(text: string): string[][] {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const hint = SEP_HINT.exec(body);
  if (hint) body = body.slice(hint[0].length);
  const delimiter = (hint?.[1] as CsvSeparator | undefined) ?? headerSeparator(body);
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: true });
  const broken = parsed.errors.find((error) => error.type === 'Quotes');
  if (broken) throw new ImportError('import.malformed', `a quoted CSV cell is not closed (row ${broken.row ?? '?'})`);
  return parsed.data;
}

/**
 * Reads our own CSV export back (ids and versions kept; merging is the store's job), also once a
 * spreadsheet has re-saved it: any separator of `parseCsvRows`, decimal commas in number columns.
 */
export function importCsv(text: string, options: { maxBytes?: number } = {}): ImportResult<Observation> {
  checkSize(text.length, options.maxBytes);
  const [header, ...rows] = parseCsvRows(text);
  if (header === undefined) throw new ImportError('import.empty', 'the CSV file has no header row');
  const columns = header.map((name) => name.trim());
  for (const required of ['id', 'kind', 'lat', 'lon']) {
    if (!columns.includes(required)) {
      throw new ImportError('import.unknownFormat', `the CSV header has no "${required}" column`, { column: required });
    }
  }
  const observations: Observation[] = [];
  const skipped = new SkipList();
  let index = 0;
  for (const row of rows) {
    if (index >= IMPORT_LIMITS.maxRecords) {
      skipped.add(index, 'import.tooManyRecords', { max: IMPORT_LIMITS.maxRecords });
    } else if (row.length !== columns.length) {
      skipped.add(index, 'import.invalidRecord', { field: 'columns', message: `${row.length} cells for ${columns.length} columns` });
    } else {
      const cells: Record<string, string> = {};
      columns.forEach((name, j) => {
        cells[name] = restoreText(row[j] as string);
      });
      const outcome = fromFlatRecord(textCellsToRecord(cells));
      if (outcome.ok) observations.push(outcome.observation);
      else skipped.add(index, outcome.reason, outcome.params);
    }
    index += 1;
  }
  return { observations, skipped: skipped.listed, skippedTotal: skipped.total, unknownTags: {} };
}
