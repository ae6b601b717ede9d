/**
 * One export, start to end, without markup: the observations chosen (with what others published on
 * the shared map if asked, in its public form),
 * encoded to one text format or written as the ZIP bundle into the target the user picked, then
 * handed over by `deliver`. The export view calls it and shows its progress and result.
 */
import { EXPORT_FORMATS, exportFileName, type ExportFormat, type ExportOptions } from '../../core/codecs/export-formats.ts';
import type { Language } from '../../core/languages.ts';
import { readmeText } from '../../core/codecs/readme-text.ts';
import type { Observation } from '../../core/observation.ts';
import type { ContrechampDb } from '../../store/db.ts';
import { ackedVersions, listAllObservations } from '../../store/export-reads.ts';
import { getPhoto } from '../../store/photos.ts';
import { lastConfirmedDays, listOthersShared } from '../../store/shared.ts';
import { ExportError } from './export-errors.ts';
import type { SaveTarget } from './save-target.ts';
import { buildTextExport, withSharedMap } from './text-export.ts';
import { writeBundle } from './zip-bundle.ts';

export type ExportButton = ExportFormat | 'zip';

export interface ExportRequest {
  format: ExportButton;
  /** null: every observation of mine, tombstones included (a lossless backup: deletes travel; the
   * encoders leave them out where they mean nothing). Otherwise exactly these. */
  selected: readonly Observation[] | null;
  withShared: boolean;
  lang: Language;
  options: ExportOptions;
  now: Date;
  /** The ZIP's target, asked for before any await (the file picker wants the click's activation);
   * resolves to null when the user cancels. */
  zipTarget?: Promise<SaveTarget | null> | null;
  onProgress: (done: number, total: number) => void;
  /** Hands a finished file (not one already written to a picked file) to the user. */
  deliver: (file: File, name: string) => void;
}

export interface ExportDone {
  name: string;
  /** The file made, or null when it was written straight to a file the user picked. */
  file: File | null;
  /** Photos the bundle could not find on this device. */
  missing: number;
  /** Observations exported (tombstones not counted). */
  count: number;
}

/** The file name an export of `format` gets at `now`. */
export const exportName = (format: ExportButton, now: Date): string => exportFileName(format === 'zip' ? 'zip' : EXPORT_FORMATS[format].extension, now);

/**
 * Runs one export. Resolves to what was made, or null when the user cancelled the ZIP's file
 * picker. Throws an ExportError (`export.empty`) when there is nothing to export in a text format,
 * and passes the store's and the encoders' errors on (they carry their own message keys).
 */
export async function runExport(db: ContrechampDb, request: ExportRequest): Promise<ExportDone | null> {
  const { format, withShared, now, onProgress } = request;
  // The OSM export writes `check_date`: the day the collective last confirmed each device.
  const options: ExportOptions = { ...request.options, checkDates: await lastConfirmedDays(db) };
  const name = exportName(format, now);
  const mineToExport = async (): Promise<Observation[]> => (request.selected ? [...request.selected] : (await listAllObservations(db)).observations);
  if (format === 'zip') {
    const opened = await request.zipTarget;
    if (!opened) return null;
    try {
      const mine = await mineToExport();
      const shared = withShared ? await listOthersShared(db) : undefined;
      const acked = await ackedVersions(db, mine.map((o) => o.id));
      const result = await writeBundle(
        opened.sink,
        { observations: mine, acked, readPhoto: (hash) => getPhoto(db, hash), readme: readmeText(request.lang), options, now, ...(shared ? { shared } : {}) },
        onProgress,
      );
      const saved = await opened.close();
      const file = saved.kind === 'file' ? saved.file : null;
      if (file) request.deliver(file, name);
      return { name, file, missing: result.missing.length, count: mine.filter((o) => !o.deleted).length };
    } catch (e) {
      await opened.abort();
      throw e;
    }
  }
  const mine = await mineToExport();
  const all = withShared ? withSharedMap(mine, await listOthersShared(db), options) : { observations: mine, options };
  if (all.observations.length === 0) throw new ExportError('export.empty', 'no observation to export');
  const blob = await buildTextExport(format, all.observations, all.options, onProgress);
  const file = new File([blob], name, { type: blob.type });
  request.deliver(file, name);
  return { name, file, missing: 0, count: all.observations.filter((o) => !o.deleted).length };
}
