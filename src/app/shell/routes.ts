/**
 * Hash routes, so a reload or the back button works offline without the server knowing our paths:
 * #/list, #/map, #/settings, #/export, #/check ("still there?"), #/moderate, #/log (kind picker),
 * #/log/<kind>, #/obs/<id>, #/obs/<id>/edit; "it changed" carries the device it changes:
 * #/log/changes/<id> (kind picker), #/log/<kind>/changes/<id> (form).
 */
import { KINDS, type Kind } from '../../core/taxonomy.ts';

export type Route =
  | { view: 'list' }
  | { view: 'map' }
  | { view: 'settings' }
  | { view: 'export' }
  | { view: 'check' }
  | { view: 'moderate' }
  | { view: 'pick'; supersedes?: string }
  | { view: 'new'; kind: Kind; supersedes?: string }
  | { view: 'detail'; id: string }
  | { view: 'edit'; id: string }
  | { view: 'notFound'; path: string };

/** The path word before the id of the device an observation says it changes. */
const CHANGES = 'changes';

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, second, third] = parts;
  if (!head || head === 'list') return { view: 'list' };
  if (parts.length === 1 && (head === 'map' || head === 'settings' || head === 'export' || head === 'check' || head === 'moderate')) return { view: head };
  if (head === 'log') {
    if (!second) return { view: 'pick' };
    if (second === CHANGES && third && parts.length === 3) return { view: 'pick', supersedes: third };
    const kind = KINDS.find((k) => k === second);
    if (kind && parts.length === 2) return { view: 'new', kind };
    if (kind && third === CHANGES && parts[3] && parts.length === 4) return { view: 'new', kind, supersedes: parts[3] };
  }
  if (head === 'obs' && second) {
    if (parts.length === 2) return { view: 'detail', id: second };
    if (third === 'edit' && parts.length === 3) return { view: 'edit', id: second };
  }
  return { view: 'notFound', path };
}

export function hrefFor(route: Route): string {
  switch (route.view) {
    case 'pick':
      return route.supersedes ? `#/log/${CHANGES}/${encodeURIComponent(route.supersedes)}` : '#/log';
    case 'new':
      return route.supersedes ? `#/log/${route.kind}/${CHANGES}/${encodeURIComponent(route.supersedes)}` : `#/log/${route.kind}`;
    case 'detail':
      return `#/obs/${encodeURIComponent(route.id)}`;
    case 'edit':
      return `#/obs/${encodeURIComponent(route.id)}/edit`;
    case 'notFound':
      return '#/list';
    default:
      return `#/${route.view}`;
  }
}

/** `replace` keeps finished steps (a saved form) out of the back-button history. */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefFor(route);
  if (options.replace) {
    history.replaceState(history.state, '', href);
    // replaceState fires no hashchange: tell the router ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = href;
  }
}
