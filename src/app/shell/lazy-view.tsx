/**
 * A view whose code is fetched the first time it is shown (export, map, settings) or right after the
 * first screen (the logging form, a detail): the list starts without it. The service worker
 * precaches every chunk, so this works offline too.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n/language.ts';

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  return function LazyView(props: P) {
    const t = useT();
    const [View, setView] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (View) return;
      let live = true;
      load().then(
        (component) => {
          loaded = component;
          if (live) setView(() => component);
        },
        (error: unknown) => {
          console.error('a view failed to load', error);
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [View]);
    if (failed) {
      return (
        <p role="alert" class="notice">
          {t('app.viewFailed')}
        </p>
      );
    }
    if (!View) return <p class="loading">{t('app.loading')}</p>;
    return <View {...props} />;
  };
}
