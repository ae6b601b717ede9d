/**
 * The shell: opens the database, follows the hash route, and lays out the view above the bottom
 * navigation. Language and feedback (announcements, toasts) wrap everything.
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { openDb, type ContrechampDb } from '../store/db.ts';
import { errorMessage, LanguageContext, useLanguageState, useT } from './i18n/language.ts';
import { UpdatePrompt } from './pwa/update-prompt.tsx';
import { ListView } from './review/list-view.tsx';
import { SyncStatus } from './sync/sync-status.tsx';
import { DbContext } from './shell/db-context.ts';
import { FeedbackProvider } from './shell/feedback.tsx';
import { afterFirstScreen, claimFirstScreen } from './shell/first-screen.ts';
import { lazyView } from './shell/lazy-view.tsx';
import { NavBar } from './shell/nav-bar.tsx';
import { hrefFor, type Route } from './shell/routes.ts';
import { useRoute } from './shell/use-route.ts';
import { ViewTitle } from './shell/view-title.tsx';
import { useWiped } from './shell/wiped.ts';
import { useModeratorToken } from './moderate/use-moderator-token.ts';

// The walker's next steps from the list (the form, a detail): off the first screen, fetched as
// soon as it is drawn (see App), so that a tap finds them ready.
const logViews = () => import('./log/log-views.tsx');
const detailView = () => import('./review/detail-view.tsx');
const KindPicker = lazyView(() => logViews().then((m) => m.KindPicker));
const NewObservationView = lazyView(() => logViews().then((m) => m.NewObservationView));
const EditObservationView = lazyView(() => logViews().then((m) => m.EditObservationView));
const DetailView = lazyView(() => detailView().then((m) => m.DetailView));
// Heavy and off the walker's path: fetched when first opened.
const SettingsView = lazyView(() => import('./settings/settings-view.tsx').then((m) => m.SettingsView));
const ExportView = lazyView(() => import('./export/export-view.tsx').then((m) => m.ExportView));
const MapView = lazyView(() => import('./review/map-view.tsx').then((m) => m.MapView));
const ModerationView = lazyView(() => import('./moderate/moderation-view.tsx').then((m) => m.ModerationView));
const CheckView = lazyView(() => import('./check/check-view.tsx').then((m) => m.CheckView));

function NotFound() {
  const t = useT();
  return (
    <section>
      <ViewTitle>{t('common.notFound')}</ViewTitle>
      <a href={hrefFor({ view: 'list' })}>{t('nav.list')}</a>
    </section>
  );
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'list':
      return <ListView />;
    case 'map':
      // Opened first, the map is the first screen: the sync's first reads wait for it (first-screen.ts).
      claimFirstScreen();
      return <MapView />;
    case 'settings':
      return <SettingsView />;
    case 'export':
      return <ExportView />;
    case 'check':
      return <CheckView />;
    case 'moderate':
      return <ModerationView />;
    case 'pick':
      return <KindPicker {...(route.supersedes ? { supersedes: route.supersedes } : {})} />;
    case 'new':
      return <NewObservationView kind={route.kind} {...(route.supersedes ? { supersedes: route.supersedes } : {})} />;
    case 'detail':
      return <DetailView id={route.id} />;
    case 'edit':
      return <EditObservationView id={route.id} />;
    case 'notFound':
      return <NotFound />;
  }
}

function UpdateBanner() {
  const t = useT();
  return <UpdatePrompt labels={{ updateAvailable: t('app.updateAvailable'), reload: t('app.updateReload'), offlineReady: t('app.offlineReady'), dismiss: t('common.close') }} />;
}

/** After a wipe: the whole app gives way, so nothing reopens the database or the service worker. */
function WipedNotice() {
  const t = useT();
  const restart = () => {
    location.replace(`${location.pathname}${location.search}#/list`);
    location.reload();
  };
  return (
    <main id="main" class="wiped-notice" data-testid="wiped-notice">
      <h1 tabIndex={-1} ref={(el) => el?.focus()}>
        {t('settings.wipedTitle')}
      </h1>
      <p>{t('settings.wipedText')}</p>
      <button type="button" data-testid="wiped-restart" onClick={restart}>
        {t('settings.wipedRestart')}
      </button>
    </main>
  );
}

function Shell({ db, dbError }: { db: ContrechampDb | null; dbError: string | null }) {
  const t = useT();
  const route = useRoute();
  // The form keeps its own Save bar at the thumb; the navigation would only crowd it.
  const inForm = route.view === 'new' || route.view === 'edit';
  const moderator = useModeratorToken(db) !== null;
  return (
    <div class={`shell${inForm ? ' shell-form' : ''}${route.view === 'map' ? ' shell-map' : ''}`}>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {/* Before the content, in the flow: a banner laid over the page hid its title and controls. */}
      <UpdateBanner />
      <main id="main" tabIndex={-1}>
        {dbError ? (
          <p role="alert" class="notice">
            {t('app.dbFailed', { reason: dbError })}
          </p>
        ) : db ? (
          <DbContext.Provider value={db}>
            {/* The sync badge heads every view but the form, whose header needs the room. */}
            {!inForm && <SyncStatus />}
            <View route={route} key={route.view === 'new' ? `new-${route.kind}` : route.view} />
          </DbContext.Provider>
        ) : (
          <p class="loading">{t('app.loading')}</p>
        )}
      </main>
      {!inForm && <NavBar route={route} moderator={moderator} />}
    </div>
  );
}

export function App({ openDatabase = openDb }: { openDatabase?: () => Promise<ContrechampDb> }) {
  const lang = useLanguageState();
  const [db, setDb] = useState<ContrechampDb | null>(null);
  const [dbError, setDbError] = useState<string | null>(null);
  const wiped = useWiped();

  useEffect(() => {
    const prefetch = () => Promise.all([logViews(), detailView()]).catch(() => undefined);
    // A page no service worker controls yet (the first visit) has nothing precached: fetch the form
    // at once, while online, or a walker who goes offline right away could not log.
    if (globalThis.navigator?.serviceWorker && !navigator.serviceWorker.controller) void prefetch();
    else void afterFirstScreen().then(prefetch);
  }, []);

  // Layout effect: runs right after the first render, not after its frame (the first rows wait on it).
  useLayoutEffect(() => {
    openDatabase().then(setDb, (e: unknown) => {
      const key = errorMessage(e, 'store.failed');
      setDbError(`${key}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }, [openDatabase]);

  return (
    <LanguageContext.Provider value={lang}>
      <FeedbackProvider>
        {wiped ? <WipedNotice /> : <Shell db={db} dbError={dbError} />}
      </FeedbackProvider>
    </LanguageContext.Provider>
  );
}
