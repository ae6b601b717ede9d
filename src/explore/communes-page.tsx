/**
 * The communes view: a choropleth of devices per km², a sortable table of the standing devices by
 * commune and kind (with unannounced cameras) and its CSV, and the growth by month of first sighting.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PublicDocument } from '../core/documents.ts';
import { DocumentList, loadDocuments } from './device-page.tsx';
import { KINDS, type Kind } from '../core/taxonomy.ts';
import { CSV_BOM, csvLine } from '../core/codecs/csv-cells.ts';
import type { CommuneCollection } from '../core/commune-index.ts';
import { formatNumber } from '../app/i18n/format.ts';
import { communeRows, growthByMonth, operatorSignage, type CommuneRow } from './commune-stats.ts';
import { communeName } from './commune-names.ts';
import type { Device } from './public-data.ts';
import { PublicMap } from './public-map.tsx';
import { useText, type ExploreKey } from './i18n/text.ts';
import { Link } from './link.tsx';
import { operatorHref } from './routes.ts';

type Column = 'name' | 'total' | 'density' | 'unannounced' | Kind;

export function CommunesPage({ devices, communes }: { devices: readonly Device[]; communes: CommuneCollection }) {
  const { t, lang } = useText();
  const standing = useMemo(() => devices.filter((d) => d.status !== 'removed'), [devices]);
  const rows = useMemo(() => communeRows(communes.features, standing), [communes, standing]);
  const growth = useMemo(() => growthByMonth(devices), [devices]);
  const operators = useMemo(() => operatorSignage(standing), [standing]);
  const kinds = useMemo(() => KINDS.filter((k) => rows.some((r) => r.byKind[k] > 0)), [rows]);
  const density = useMemo(() => Object.fromEntries(rows.filter((r) => r.density !== null).map((r) => [r.nis, r.density as number])), [rows]);
  const [documents, setDocuments] = useState<PublicDocument[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    loadDocuments(controller.signal).then((all) => setDocuments(all.filter((d) => d.target === 'commune')), () => undefined);
    return () => controller.abort();
  }, []);
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({ column: 'total', descending: true });

  const name = (r: CommuneRow) => (r.nis === 'outside' ? t('communes.outside') : communeName(r, lang));
  const value = (r: CommuneRow, c: Column): string | number =>
    c === 'name' ? name(r) : c === 'total' ? r.total : c === 'density' ? (r.density ?? -1) : c === 'unannounced' ? r.unannounced : r.byKind[c];
  const sorted = useMemo(() => {
    const out = [...rows].sort((a, b) => {
      const [x, y] = [value(a, sort.column), value(b, sort.column)];
      const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
      return sort.descending ? -order : order;
    });
    return out;
  }, [rows, sort, lang]);

  const columns: { id: Column; label: string }[] = [
    { id: 'name', label: t('communes.name') },
    { id: 'total', label: t('communes.total') },
    { id: 'density', label: t('communes.density') },
    ...kinds.map((k) => ({ id: k as Column, label: t(`kind.${k}` as ExploreKey) })),
    { id: 'unannounced', label: t('communes.unannounced') },
  ];

  const csvHref = useMemo(() => {
    const header = csvLine(['nis', 'name_fr', 'name_nl', 'area_km2', 'total', 'per_km2', ...KINDS, 'unannounced_cameras']);
    const body = rows
      .map((r) => csvLine([r.nis, r.name_fr, r.name_nl, r.areaKm2, r.total, r.density === null ? null : Math.round(r.density * 100) / 100, ...KINDS.map((k) => r.byKind[k]), r.unannounced]))
      .join('');
    return URL.createObjectURL(new Blob([CSV_BOM + header + body], { type: 'text/csv;charset=utf-8' }));
  }, [rows]);

  const twoDecimals = (n: number) => formatNumber(n, lang, { maximumFractionDigits: 2 });
  const maxAdded = Math.max(1, ...growth.map((g) => g.added));

  return (
    <section class="communes-page">
      <h1>{t('communes.title')}</h1>
      <p>{t('communes.intro')}</p>
      <h2>{t('communes.map')}</h2>
      <PublicMap standing={standing} removed={[]} density={density} communes={communes} label={t('communes.map')} />
      <div class="table-scroll">
        <table data-testid="commune-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.id} scope="col" aria-sort={sort.column === c.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button
                    type="button"
                    aria-label={t('communes.sortBy', { column: c.label })}
                    onClick={() => setSort((s) => ({ column: c.id, descending: s.column === c.id ? !s.descending : c.id !== 'name' }))}
                  >
                    {c.label}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.nis} data-testid="commune-row" data-nis={r.nis} data-count={r.total}>
                <th scope="row">
                  {name(r)}
                  {r.nis !== 'outside' && (
                    <>
                      {' '}
                      <a class="feed-link" href={`/api/v1/communes/${r.nis}/changes.atom`} aria-label={t('communes.feed', { commune: name(r) })}>
                        Atom
                      </a>
                    </>
                  )}
                </th>
                <td>{formatNumber(r.total, lang)}</td>
                <td>{r.density === null ? t('common.none') : twoDecimals(r.density)}</td>
                {kinds.map((k) => (
                  <td key={k}>{formatNumber(r.byKind[k], lang)}</td>
                ))}
                <td>{formatNumber(r.unannounced, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a data-testid="commune-csv" href={csvHref} download="contrechamp-communes.csv">
          {t('communes.csv')}
        </a>
      </p>
      <h2>{t('communes.byOperator')}</h2>
      <div class="table-scroll">
        <table data-testid="operator-table">
          <thead>
            <tr>
              <th scope="col">{t('filter.operator')}</th>
              <th scope="col">{t('communes.cameras')}</th>
              <th scope="col">{t('communes.unannounced')}</th>
            </tr>
          </thead>
          <tbody>
            {operators.map((o) => (
              <tr key={o.operator ?? ''}>
                <th scope="row">{o.operator ? <Link href={operatorHref(o.operator)}>{o.operator}</Link> : t('common.unknown')}</th>
                <td>{formatNumber(o.cameras, lang)}</td>
                <td>{formatNumber(o.unannounced, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {documents.length > 0 && (
        <section data-testid="commune-documents">
          <h2>{t('device.documents')}</h2>
          <DocumentList documents={documents} />
        </section>
      )}
      <h2>{t('communes.growth')}</h2>
      <table class="growth">
        <thead>
          <tr>
            <th scope="col">{t('communes.month')}</th>
            <th scope="col">{t('communes.new')}</th>
            <th scope="col">{t('communes.cumulative')}</th>
          </tr>
        </thead>
        <tbody>
          {growth.map((g) => (
            <tr key={g.month}>
              <th scope="row">{g.month}</th>
              <td>
                <span class="bar" style={{ width: `${Math.round((g.added / maxAdded) * 100)}%` }} aria-hidden="true" />
                {formatNumber(g.added, lang)}
              </td>
              <td>{formatNumber(g.cumulative, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{communes.attribution}</p>
    </section>
  );
}
