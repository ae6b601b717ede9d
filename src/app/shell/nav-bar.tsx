/** The bottom navigation with the big "log" button in the middle, where the thumb rests. */
import { useT } from '../i18n/language.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { UiIconView } from '../icons/icon.tsx';
import { hrefFor, type Route } from './routes.ts';

interface NavItem {
  view: 'list' | 'map' | 'check' | 'moderate' | 'export' | 'settings';
  label: MessageKey;
}

const LEFT: NavItem[] = [
  { view: 'list', label: 'nav.list' },
  { view: 'map', label: 'nav.map' },
];
const CHECK: NavItem = { view: 'check', label: 'nav.check' };
const MODERATE: NavItem = { view: 'moderate', label: 'nav.moderate' };
const RIGHT: NavItem[] = [
  { view: 'export', label: 'nav.export' },
  { view: 'settings', label: 'nav.settings' },
];

function isCurrent(item: NavItem, route: Route): boolean {
  if (item.view === 'list') return route.view === 'list' || route.view === 'detail';
  return route.view === item.view;
}

/** `moderator`: a moderator token is set on this device (the Moderation view is then offered). */
export function NavBar({ route, moderator = false }: { route: Route; moderator?: boolean }) {
  const t = useT();
  const link = (item: NavItem) => (
    <li key={item.view}>
      <a
        href={hrefFor({ view: item.view })}
        data-testid={`nav-${item.view}`}
        aria-current={isCurrent(item, route) ? 'page' : undefined}
        class="nav-link"
      >
        <UiIconView name={item.view} class="nav-icon" />
        <span class="nav-label">{t(item.label)}</span>
      </a>
    </li>
  );
  return (
    <nav class="nav-bar" aria-label={t('nav.label')}>
      <ul>
        {LEFT.map(link)}
        {link(CHECK)}
        <li class="nav-log">
          <a href={hrefFor({ view: 'pick' })} class="log-button" data-testid="log-button" aria-label={t('nav.log')}>
            <UiIconView name="log" />
          </a>
        </li>
        {moderator && link(MODERATE)}
        {RIGHT.map(link)}
      </ul>
    </nav>
  );
}
