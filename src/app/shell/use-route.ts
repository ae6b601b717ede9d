/** The current hash route as component state, following every hashchange (routes.ts parses it). */
import { useEffect, useState } from 'preact/hooks';
import { parseRoute, type Route } from './routes.ts';

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    update();
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
