/** The human text of a record for formats that show a name and a description (KML, GPX). */
import type { Kind } from '../taxonomy.ts';
import type { FlatRecord } from './flat-record.ts';

export interface LabelOptions {
  /** The kind's name in the walker's language (the UI passes its t()); defaults to the kind id. */
  kindLabel?: (kind: Kind) => string;
}

export function recordName(record: FlatRecord, options: LabelOptions): string {
  const kind = record.kind as Kind;
  const label = options.kindLabel ? options.kindLabel(kind) : kind;
  return typeof record.operator === 'string' ? `${label} · ${record.operator}` : label;
}

/** "field: value" lines for every filled field but the position (the point already shows it). */
export function recordDescription(record: FlatRecord): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (name === 'lat' || name === 'lon' || value === null || value === '' || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    lines.push(`${name}: ${Array.isArray(value) ? value.join(';') : String(value)}`);
  }
  return lines.join('\n');
}

export const cellText = (value: FlatRecord[keyof FlatRecord]): string =>
  value === undefined || value === null ? '' : Array.isArray(value) ? value.join(';') : String(value);
