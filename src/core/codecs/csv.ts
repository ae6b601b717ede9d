/**
 * CSV for spreadsheets and GIS (RFC 4180: comma, CRLF, double-quoted cells where needed), with a
 * UTF-8 byte-order mark so that Excel reads accents right (LibreOffice and GDAL ignore it).
 * Text cells that a spreadsheet would run as a formula get a leading apostrophe; numbers stay numbers.
 */
import type { Observation } from '../observation.ts';
import { chunked } from './chunks.ts';
import { RECORD_COLUMNS, fromFlatRecord, textCellsToRecord, toFlatRecord, type Cell, type RecordOptions } from './flat-record.ts';
import { IMPORT_LIMITS, ImportError, SkipList, checkSize, type ImportResult } from './import-result.ts';

/** Tombstones are not exported to CSV (a spreadsheet is for reading), so no `deleted` column. */
export const CSV_COLUMNS = RECORD_COLUMNS.filter((name) => name !== 'deleted');

export interface CsvOptions extends RecordOptions {
  /** Start with a UTF-8 byte-order mark (default true). */
  bom?: boolean;
}

// A cell beginning with one of these is read as a formula by Excel, LibreOffice or Sheets (OWASP
// "CSV injection"); the apostrophe is also escaped so that reading back is exact.
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', "'"]);

export function neutraliseText(text: string): string {
  return text.length > 0 && FORMULA_START.has(text[0] as string) ? `'${text}` : text;
}

export function restoreText(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && FORMULA_START.has(cell[1] as string) ? cell.slice(1) : cell;
}

const NEEDS_QUOTES = /[",\r\n]/;
const quote = (text: string): string => (NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function formatCell(value: Cell | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quote(neutraliseText(value));
  return quote(value.join(';'));
}

/** One CSV line (CRLF included) of cells; lists are joined with `;`, formulas neutralised. */
export const csvLine = (cells: readonly (Cell | undefined)[]): string => cells.map(formatCell).join(',') + '\r\n';

/** The UTF-8 byte-order mark that opens our CSV files, so that Excel reads accents right. */
export const CSV_BOM = '\uFEFF';

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

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks); a BOM is dropped. */
export function* parseCsvRows(text: string): Generator<string[], void, undefined> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let rowStarted = false;
  while (i < n) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += c;
      }
      i += 1;
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      rowStarted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      rowStarted = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      if (rowStarted || cell !== '') {
        row.push(cell);
        yield row;
      }
      row = [];
      cell = '';
      rowStarted = false;
    } else {
      cell += c;
      rowStarted = true;
    }
    i += 1;
  }
  if (quoted) throw new ImportError('import.malformed', 'a quoted CSV cell is not closed');
  if (rowStarted || cell !== '') {
    row.push(cell);
    yield row;
  }
}

/** Reads our own CSV export back (ids and versions kept; merging is the store's job). */
export function importCsv(text: string, options: { maxBytes?: number } = {}): ImportResult<Observation> {
  checkSize(text.length, options.maxBytes);
  const rows = parseCsvRows(text);
  const header = rows.next();
  if (header.done) throw new ImportError('import.empty', 'the CSV file has no header row');
  const columns = header.value.map((name) => name.trim());
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
