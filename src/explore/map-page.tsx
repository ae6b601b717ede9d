/**
 * The public map: filters (kind, commune, operator, freshness, removed), the count of what is
 * shown, the map, a list of the devices (the map's content for screen readers), and the route
 * exposure panel.
 */
import { useMemo, useState } from 'preact/hooks';
import { linesExposure, type Exposure } from '../core/exposure.ts';
import { KINDS, KIND_META, type Kind } from '../core/taxonomy.ts';
import { formatNumber } from '../app/i18n/format.ts';
import { watchingFeature } from '../core/map-feed.ts';
import { matches, type Device, type Filters, type Freshness } from './public-data.ts';
import { KindIcon } from '../app/icons/icon.tsx';
import { PublicMap } from './public-map.tsx';
import { RouteFileError, readRouteFile, type Line } from './route-file.ts';
import { communeNameOf, communesByName } from './commune-names.ts';
import { deviceHref, operatorHref } from './routes.ts';
import { useText, type ExploreKey } from './i18n/text.ts';
import { Link } from './link.tsx';

const LIST_MAX = 100;

export function MapPage({ devices, navigate }: { devices: readonly Device[]; navigate: (href: string) => void }) {
  const { t, lang } = useText();
  const [filters, setFilters] = useState<Filters>({ kind: '', commune: '', operator: '', freshness: 'all', showRemoved: false });
  const shown = useMemo(() => devices.filter((d) => matches(d, filters)), [devices, filters]);
  const standing = useMemo(() => shown.filter((d) => d.status !== 'removed'), [shown]);
  const removed = useMemo(() => shown.filter((d) => d.status === 'removed'), [shown]);
  const operators = useMemo(() => [...new Set(devices.map((d) => d.operator).filter((o): o is string => !!o))].sort((a, b) => a.localeCompare(b)), [devices]);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const [drawing, setDrawing] = useState(false);
  const [route, setRoute] = useState<Line[]>([]);
  const [routeError, setRouteError] = useState<ExploreKey | null>(null);
  const exposure: Exposure | null = useMemo(
    () => (route.some((l) => l.length >= 2) ? linesExposure(route, standing.map(watchingFeature)) : null),
    [route, standing],
  );

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setDrawing(false);
    try {
      setRoute(await readRouteFile(file));
      setRouteError(null);
    } catch (error) {
      setRoute([]);
      setRouteError(error instanceof RouteFileError ? (`route.error.${error.key}` as ExploreKey) : 'route.error.unreadable');
    }
  };

  const kindName = (k: Kind) => t(`kind.${k}` as ExploreKey);
  const byId = useMemo(() => new Map(devices.map((d) => [d.id, d])), [devices]);
  const metres = (n: number) => formatNumber(Math.round(n), lang);

  return (
    <section class="map-page">
      <form class="filters" aria-label={t('map.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('filter.kind')}
          <select data-testid="public-filter-kind" value={filters.kind} onChange={(e) => set({ kind: e.currentTarget.value as Kind | '' })}>
            <option value="">{t('common.all')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindName(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filter.commune')}
          <select data-testid="public-filter-commune" value={filters.commune} onChange={(e) => set({ commune: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {communesByName(lang).map((nis) => (
              <option key={nis} value={nis}>
                {communeNameOf(nis, lang)}
              </option>
            ))}
            <option value="outside">{t('filter.outside')}</option>
          </select>
        </label>
        <label>
          {t('filter.operator')}
          <select data-testid="public-filter-operator" value={filters.operator} onChange={(e) => set({ operator: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {operators.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        {filters.operator && (
          <p class="filter-link">
            <Link href={operatorHref(filters.operator)} data-testid="operator-link">
              {t('operator.page', { name: filters.operator })}
            </Link>
          </p>
        )}
        <label>
          {t('filter.freshness')}
          <select value={filters.freshness} onChange={(e) => set({ freshness: e.currentTarget.value as Freshness })}>
            <option value="all">{t('common.all')}</option>
            <option value="fresh">{t('filter.fresh')}</option>
            <option value="stale">{t('filter.stale')}</option>
          </select>
        </label>
        <label class="switch">
          <input type="checkbox" data-testid="public-show-removed" checked={filters.showRemoved} onChange={(e) => set({ showRemoved: e.currentTarget.checked })} />
          {t('filter.removed')}
        </label>
      </form>
      <p class="count" data-testid="public-count" data-count={shown.length} aria-live="polite">
        {t('map.count', { count: formatNumber(shown.length, lang) })}
      </p>
      <PublicMap
        standing={standing}
        removed={removed}
        route={route}
        label={t('map.label')}
        onDevice={(id) => navigate(deviceHref(id))}
        {...(drawing ? { onMapClick: (p: [number, number]) => setRoute((r) => [[...(r[0] ?? []), p]]) } : {})}
      />

      <section class="route-panel" aria-labelledby="route-title">
        <h2 id="route-title">{t('route.title')}</h2>
        <p class="hint">{t('route.intro')}</p>
        <div class="route-actions">
          <button
            type="button"
            data-testid="route-draw"
            aria-pressed={drawing}
            onClick={() => {
              if (!drawing) setRoute([]);
              setDrawing(!drawing);
              setRouteError(null);
            }}
          >
            {drawing ? t('route.drawing') : t('route.draw')}
          </button>
          <button type="button" onClick={() => (setRoute([]), setDrawing(false), setRouteError(null))} disabled={!route.length}>
            {t('route.clear')}
          </button>
          <label class="file">
            {t('route.file')}
            <input type="file" data-testid="route-file-input" accept=".gpx,.geojson,.json,application/gpx+xml,application/geo+json,application/json" onChange={(e) => void onFile(e.currentTarget)} />
          </label>
        </div>
        {routeError && (
          <p role="alert" class="error">
            {t(routeError)}
          </p>
        )}
        {drawing && route[0] && route[0].length < 2 && <p class="hint">{t('route.needTwo')}</p>}
        {exposure && (
          <div data-testid="route-exposure" data-share={exposure.share.toFixed(4)} aria-live="polite">
            <p class="exposure">
              {t('route.share', {
                share: formatNumber(Math.round(exposure.share * 1000) / 10, lang),
                exposed: metres(exposure.exposedMetres),
                length: metres(exposure.lengthMetres),
              })}
            </p>
            {Object.keys(exposure.byKind).length > 0 && (
              <>
                <h3>{t('route.byKind')}</h3>
                <ul>
                  {(Object.entries(exposure.byKind) as [Kind, number][]).map(([k, m]) => (
                    <li key={k}>
                      {kindName(k)} : {metres(m)} m
                    </li>
                  ))}
                </ul>
                <h3>{t('route.devices')}</h3>
                <ul>
                  {exposure.devices.map((id) => (
                    <li key={id}>
                      <Link href={deviceHref(id)}>{kindName(byId.get(id)?.kind ?? 'camera')} {id.slice(0, 8)}</Link>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        <p class="hint">{t('route.method')}</p>
      </section>

      <section class="device-list" aria-labelledby="list-title">
        <h2 id="list-title">{t('map.list')}</h2>
        <ul>
          {shown.slice(0, LIST_MAX).map((d) => (
            <li key={d.id} class={d.status === 'removed' ? 'removed' : undefined}>
              <span class="kind-mark" style={d.status === 'removed' ? undefined : { color: KIND_META[d.kind].color }}>
                <KindIcon kind={d.kind} />
              </span>{' '}
              <Link href={deviceHref(d.id)}>{kindName(d.kind)}</Link>
              {d.operator ? ` · ${d.operator}` : ''}
              {d.status === 'removed' && d.removedOn ? ` · ${t('map.removedOn', { day: d.removedOn })}` : ''}
            </li>
          ))}
        </ul>
        {shown.length > LIST_MAX && <p class="hint">{t('map.listMore', { count: shown.length - LIST_MAX })}</p>}
      </section>
    </section>
  );
}
