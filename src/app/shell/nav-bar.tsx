/** The bottom navigation with the big "log" button in the middle, where the thumb rests. */
import { useT } from '../i18n/language.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { hrefFor, type Route } from './routes.ts';

interface NavItem {
  view: 'list' | 'map' | 'check' | 'moderate' | 'export' | 'settings';
  label: MessageKey;
  icon: string;
}

const LEFT: NavItem[] = [
  { view: 'list', label: 'nav.list', icon: '☰' },
  { view: 'map', label: 'nav.map', icon: '▦' },
];
const CHECK: NavItem = { view: 'check', label: 'nav.check', icon: '?' };
const MODERATE: NavItem = { view: 'moderate', label: 'nav.moderate', icon: '✓' };
const RIGHT: NavItem[] = [
  { view: 'export', label: 'nav.export', icon: '⇪' },
  { view: 'settings', label: 'nav.settings', icon: '⚙' },
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
        <span class="nav-icon" aria-hidden="true">
          {item.icon}
        </span>
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
            <span aria-hidden="true">+</span>
          </a>
        </li>
        {moderator && link(MODERATE)}
        {RIGHT.map(link)}
      </ul>
    </nav>
  );
}
