/**
 * The writing half of our CSV (RFC 4180: comma, CRLF, double-quoted cells where needed), on its
 * own so that a page that only writes a table (the public page's communes CSV) does not load the
 * reader and its parser (csv.ts). Text cells that a spreadsheet would run as a formula get a leading
 * apostrophe (OWASP "CSV injection"); numbers stay numbers.
 */
import type { Cell } from './flat-record.ts';

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
