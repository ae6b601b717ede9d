/**
 * The public page's shell: header with navigation, the page of the current address, and the
 * open-data footer. Addresses change through the History API (shareable URLs under /explore/);
 * the feed is loaded once. No token, no storage, no request to any host but ours.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { OPEN_DATA_LICENSE } from '../core/public-device.ts';
import { DevicePage } from './device-page.tsx';
import { LangContext, text, useText, visitorLanguage, type Language } from './i18n/text.ts';
import { Link, NavigateContext } from './link.tsx';
import { MapPage } from './map-page.tsx';
import { NotFound } from './not-found.tsx';
import { OperatorPage } from './operator-page.tsx';
import { loadDevices, type Device } from './public-data.ts';
import { BASE, COMMUNES_HREF, parseRoute, understandHref, type Route } from './routes.ts';
import { UnderstandPage } from './understand-page.tsx';
import { loadCommunes, type Communes } from './communes-file.ts';

/** The communes view, loaded when first shown with the communes' boundaries, which it alone needs whole. */
function CommunesRoute({ devices }: { devices: readonly Device[] }) {
  const [page, setPage] = useState<{ view: typeof import('./communes-page.tsx'); communes: Communes } | null>(null);
  const [failed, setFailed] = useState(false);
  const { t } = useText();
  useEffect(() => {
    let live = true;
    Promise.all([import('./communes-page.tsx'), loadCommunes()]).then(
      ([view, communes]) => live && setPage({ view, communes }),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  if (failed) return <p role="alert">{t('common.loadFailed')}</p>;
  return page ? <page.view.CommunesPage devices={devices} communes={page.communes.collection} /> : <p>{t('common.loading')}</p>;
}

/** Keeps `?test=1` (and any other query) across in-page navigation. */
const withQuery = (href: string): string => href + location.search;

export function ExploreApp() {
  const lang: Language = useMemo(visitorLanguage, []);
  const t = (key: Parameters<typeof text>[1], params?: Record<string, string | number>) => text(lang, key, params);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname));
  const [devices, setDevices] = useState<Device[] | 'failed' | null>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('site.title');
    const onPop = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', onPop);
    const controller = new AbortController();
    loadDevices(controller.signal).then(setDevices, () => !controller.signal.aborted && setDevices('failed'));
    return () => {
      removeEventListener('popstate', onPop);
      controller.abort();
    };
  }, []);

  const navigate = (href: string) => {
    history.pushState(null, '', withQuery(href));
    setRoute(parseRoute(location.pathname));
    scrollTo(0, 0);
    document.getElementById('main')?.focus();
  };

  const needsDevices = route.name === 'map' || route.name === 'communes' || route.name === 'operator';
  const current = (name: Route['name']) => (route.name === name ? { 'aria-current': 'page' as const } : {});

  return (
    <LangContext.Provider value={lang}>
      <NavigateContext.Provider value={navigate}>
        <header class="site-header">
          <p class="brand">
            <Link href={BASE}>Contrechamp</Link>
          </p>
          <nav aria-label={t('nav.label')}>
            <ul>
              <li>
                <Link href={BASE} data-testid="public-nav-map" {...current('map')}>
                  {t('nav.map')}
                </Link>
              </li>
              <li>
                <Link href={COMMUNES_HREF} data-testid="public-nav-communes" {...current('communes')}>
                  {t('nav.communes')}
                </Link>
              </li>
              <li>
                <Link href={understandHref()} data-testid="public-nav-understand" {...current('understand')}>
                  {t('nav.understand')}
                </Link>
              </li>
              <li>
                <a href="/">{t('nav.contribute')}</a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {route.name === 'map' && <h1 class="visually-hidden">{t('site.title')}</h1>}
          {route.name === 'map' && <p class="tagline">{t('site.tagline')}</p>}
          {needsDevices && devices === null && <p>{t('common.loading')}</p>}
          {needsDevices && devices === 'failed' && <p role="alert">{t('common.loadFailed')}</p>}
          {route.name === 'map' && Array.isArray(devices) && <MapPage devices={devices} navigate={navigate} />}
          {route.name === 'communes' && Array.isArray(devices) && <CommunesRoute devices={devices} />}
          {route.name === 'device' && <DevicePage id={route.id} />}
          {route.name === 'operator' && Array.isArray(devices) && <OperatorPage operator={route.operator} devices={devices} />}
          {route.name === 'understand' && <UnderstandPage kind={route.kind} />}
          {route.name === 'not-found' && <NotFound />}
        </main>
        <footer class="site-footer">
          <h2>{t('openData.title')}</h2>
          <p>{t('openData.text')}</p>
          <ul>
            <li>
              <a href="/api/v1/observations.geojson">{t('openData.geojson')}</a>
            </li>
            <li>
              <a href="/api/v1/observations.csv">{t('openData.csv')}</a>
            </li>
            <li>
              <a href="/api/ogc">{t('openData.ogc')}</a>
            </li>
            <li>
              <a href="/api/v1/changes.atom">{t('openData.atom')}</a>
            </li>
            <li>
              <a href={OPEN_DATA_LICENSE.url} rel="license noreferrer">
                {OPEN_DATA_LICENSE.title}
              </a>
            </li>
          </ul>
        </footer>
      </NavigateContext.Provider>
    </LangContext.Provider>
  );
}
