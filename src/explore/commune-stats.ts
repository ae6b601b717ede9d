/**
 * Figures per commune for the communes view and its CSV: standing devices by kind, per km², and
 * cameras with no legal pictogram (signage `none`); growth by month of first sighting for the Region.
 */
import type { CommuneFeature } from '../core/commune-index.ts';
import { KINDS, type Kind } from '../core/taxonomy.ts';
import { CAMERA_KINDS, type Device } from './public-data.ts';


export interface CommuneRow {
  /** NIS code, or `outside` for devices outside the Region. */
  nis: string;
  name_fr: string;
  name_nl: string;
  areaKm2: number | null;
  total: number;
  byKind: Record<Kind, number>;
  /** Devices per km² (null outside the Region). */
  density: number | null;
  /** Cameras whose signage is `none`. */
  unannounced: number;
}

const zeroKinds = (): Record<Kind, number> => Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;

/** One row per commune of `communes` (all, even empty), and one for outside them when any device is there. */
export function communeRows(communes: readonly CommuneFeature[], standing: readonly Device[]): CommuneRow[] {
  const rows = new Map<string, CommuneRow>();
  for (const c of communes) {
    const p = c.properties;
    rows.set(p.nis, { nis: p.nis, name_fr: p.name_fr, name_nl: p.name_nl, areaKm2: p.area_km2, total: 0, byKind: zeroKinds(), density: 0, unannounced: 0 });
  }
  for (const d of standing) {
    const key = d.commune ?? 'outside';
    let row = rows.get(key);
    if (!row) {
      row = { nis: 'outside', name_fr: '', name_nl: '', areaKm2: null, total: 0, byKind: zeroKinds(), density: null, unannounced: 0 };
      rows.set(key, row);
    }
    row.total += 1;
    row.byKind[d.kind] += 1;
    if (CAMERA_KINDS.includes(d.kind) && d.unannounced) row.unannounced += 1;
  }
  for (const row of rows.values()) if (row.areaKm2) row.density = row.total / row.areaKm2;
  return [...rows.values()];
}

/** New devices by month of first sighting (`YYYY-MM`), oldest first, with the running total. */
export function growthByMonth(devices: readonly Device[]): { month: string; added: number; cumulative: number }[] {
  const counts = new Map<string, number>();
  for (const d of devices) {
    if (d.firstMonth) counts.set(d.firstMonth, (counts.get(d.firstMonth) ?? 0) + 1);
  }
  let cumulative = 0;
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, added]) => ({ month, added, cumulative: (cumulative += added) }));
}

/** Standing cameras by operator (unknown operator apart), with how many carry no pictogram; most unannounced first. */
export function operatorSignage(standing: readonly Device[]): { operator: string | null; cameras: number; unannounced: number }[] {
  const rows = new Map<string | null, { operator: string | null; cameras: number; unannounced: number }>();
  for (const d of standing) {
    if (!CAMERA_KINDS.includes(d.kind)) continue;
    const row = rows.get(d.operator) ?? { operator: d.operator, cameras: 0, unannounced: 0 };
    row.cameras += 1;
    if (d.unannounced) row.unannounced += 1;
    rows.set(d.operator, row);
  }
  return [...rows.values()].sort((a, b) => b.unannounced - a.unannounced || b.cameras - a.cameras);
}
