/** The first steps of the JSON importers (GeoJSON, Overpass JSON): size check, parse, object test. */
import { ImportError, checkSize } from './import-result.ts';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parsed text; too large or not JSON at all throws an ImportError the UI can name. */
export function parseJsonInput(text: string, maxBytes?: number): unknown {
  checkSize(text.length, maxBytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImportError('import.malformed', `not JSON: ${(error as Error).message}`);
  }
}
