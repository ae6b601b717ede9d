/**
 * One-file exports (GeoJSON, CSV, OSM XML, KML, GPX) as a Blob built from the encoders' chunks,
 * yielding to the event loop between chunks so the progress bar moves. Each chunk becomes a Blob
 * part at once; the browser may keep large Blobs out of the page's heap.
 */
import { EXPORT_FORMATS, type ExportFormat, type ExportOptions } from '../../core/codecs/export-formats.ts';
import type { Observation } from '../../core/observation.ts';
import { counting, yieldIfDue, type Progress } from './progress.ts';

export async function buildTextExport(
  format: ExportFormat,
  observations: readonly Observation[],
  options: ExportOptions = {},
  progress?: Progress,
): Promise<Blob> {
  const spec = EXPORT_FORMATS[format];
  const total = observations.length;
  let done = 0;
  const parts: BlobPart[] = [];
  for (const chunk of spec.encode(counting(observations, () => progress?.(++done, total)), options)) {
    parts.push(chunk);
    await yieldIfDue();
  }
  return new Blob(parts, { type: spec.mediaType });
}
