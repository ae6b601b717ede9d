/**
 * The public page's addresses, all under /explore/ (shareable: the server answers any of them with
 * the page, which then decides): the map, a device, an operator, the communes, the explainers.
 */
import { KINDS, type Kind } from '../core/taxonomy.ts';

export const BASE = '/explore/';

export type Route =
  | { name: 'map' }
  | { name: 'device'; id: string }
  /** An operator by name, as walkers write it (the devices' `operator` detail). */
  | { name: 'operator'; operator: string }
  | { name: 'communes' }
  | { name: 'understand'; kind: Kind | null }
  | { name: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === BASE || pathname === BASE.slice(0, -1) || pathname === `${BASE}index.html`) return { name: 'map' };
  if (!pathname.startsWith(BASE)) return { name: 'not-found' };
  let parts: string[];
  try {
    parts = pathname.slice(BASE.length).split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { name: 'not-found' }; // a malformed %-escape
  }
  if (parts[0] === 'device' && parts.length === 2) return { name: 'device', id: parts[1]! };
  if (parts[0] === 'operator' && parts.length === 2 && parts[1]!.trim()) return { name: 'operator', operator: parts[1]! };
  if (parts[0] === 'communes' && parts.length === 1) return { name: 'communes' };
  if (parts[0] === 'understand' && parts.length === 1) return { name: 'understand', kind: null };
  if (parts[0] === 'understand' && parts.length === 2 && (KINDS as readonly string[]).includes(parts[1]!)) {
    return { name: 'understand', kind: parts[1] as Kind };
  }
  return { name: 'not-found' };
}

export const deviceHref = (id: string): string => `${BASE}device/${encodeURIComponent(id)}`;
export const operatorHref = (operator: string): string => `${BASE}operator/${encodeURIComponent(operator)}`;
export const understandHref = (kind?: Kind): string => `${BASE}understand${kind ? `/${kind}` : ''}`;
export const COMMUNES_HREF = `${BASE}communes`;
