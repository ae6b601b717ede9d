/**
 * An icon of the symbols each page holds (see icon-set.ts): `<svg><use href="#kind-camera">`, drawn
 * in the text colour and sized to the font (1em) unless CSS says otherwise. Always decorative:
 * hidden from screen readers, the label beside it stays text.
 */
import type { Kind } from '../../core/taxonomy.ts';
import { kindIconId, uiIconId, type UiIcon } from './icon-set.ts';

function Icon({ id, class: extra }: { id: string; class?: string | undefined }) {
  return (
    <svg class={extra ? `icon ${extra}` : 'icon'} data-icon={id} aria-hidden="true" focusable="false">
      <use href={`#${id}`} />
    </svg>
  );
}

export const KindIcon = ({ kind, class: extra }: { kind: Kind; class?: string }) => <Icon id={kindIconId(kind)} class={extra} />;

export const UiIconView = ({ name, class: extra }: { name: UiIcon; class?: string }) => <Icon id={uiIconId(name)} class={extra} />;
