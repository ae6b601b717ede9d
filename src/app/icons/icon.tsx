/**
 * An icon of the built symbol file (see icon-set.ts): `<svg><use href="/icons/symbols.svg#kind-camera">`,
 * drawn in the text colour and sized to the font (1em) unless CSS says otherwise. Always
 * decorative: hidden from screen readers, the label beside it stays text.
 */
import type { Kind } from '../../core/taxonomy.ts';
import { SYMBOLS_FILE, kindIconId, uiIconId, type UiIcon } from './icon-set.ts';

const href = (id: string): string => `${import.meta.env.BASE_URL}${SYMBOLS_FILE}#${id}`;

function Icon({ id, class: extra }: { id: string; class?: string | undefined }) {
  return (
    <svg class={extra ? `icon ${extra}` : 'icon'} data-icon={id} aria-hidden="true" focusable="false">
      <use href={href(id)} />
    </svg>
  );
}

export const KindIcon = ({ kind, class: extra }: { kind: Kind; class?: string }) => <Icon id={kindIconId(kind)} class={extra} />;

export const UiIconView = ({ name, class: extra }: { name: UiIcon; class?: string }) => <Icon id={uiIconId(name)} class={extra} />;
