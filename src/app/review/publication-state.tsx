/**
 * What the collective decided about one of my observations: its publication state (pending,
 * published, rejected, merged, removed), the reason of a rejection, the public history.
 */
import type { Publication } from '../../core/publication.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLanguage, useT } from '../i18n/language.ts';

export function PublicationBadge({ publication }: { publication: Publication }) {
  const t = useT();
  return (
    <span class={`publication-badge publication-${publication.state}`} data-testid="publication-state" data-state={publication.state}>
      {t(`publication.${publication.state}`)}
    </span>
  );
}

/** The detail's part: state, reason and free text of a rejection, public history of a published device. */
export function PublicationFacts({ publication }: { publication: Publication }) {
  const t = useT();
  const lang = useLanguage();
  const history = [
    publication.publishedOn && t('publication.publishedOn', { day: publication.publishedOn }),
    publication.confirmations !== undefined && t('publication.confirmedBy', { n: formatNumber(publication.confirmations, lang) }),
    publication.lastConfirmed && t('publication.lastConfirmed', { day: publication.lastConfirmed }),
    publication.removedOn && t('publication.removedOn', { day: publication.removedOn }),
  ].filter(Boolean);
  return (
    <>
      <dt>{t('publication.label')}</dt>
      <dd>
        <PublicationBadge publication={publication} />
        {publication.reason && (
          <span class="rejection-reason" data-testid="rejection-reason" data-reason={publication.reason}>
            {' '}
            {t(`reason.${publication.reason}`)}
            {publication.reasonText && ` : ${publication.reasonText}`}
          </span>
        )}
        {publication.state === 'merged' && <span class="hint"> {t('publication.mergedHint')}</span>}
        {history.length > 0 && <span class="hint"> {history.join(' · ')}</span>}
      </dd>
    </>
  );
}
