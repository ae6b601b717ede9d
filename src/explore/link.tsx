/** An in-page link: a real href (shareable, opens in a new tab), followed without reloading. */
import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const NavigateContext = createContext<(href: string) => void>(() => {});

export function Link({ href, children, ...rest }: { href: string; children: ComponentChildren; class?: string; 'data-testid'?: string; 'aria-current'?: 'page' }) {
  const navigate = useContext(NavigateContext);
  return (
    <a
      href={href}
      {...rest}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
