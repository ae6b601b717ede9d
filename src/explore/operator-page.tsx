/**
 * One operator's page, at its own shareable address (`/explore/operator/<name>`): its devices
 * standing now by kind, its cameras with no legal pictogram, the list of its devices (removed ones
 * apart), and the documents the moderators attached to it. An operator is known by the name walkers
 * write in the `operator` detail; a name with neither device nor document is the not-found page.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PublicDocument } from '../core/documents.ts';
import { KINDS } from '../core/taxonomy.ts';
import { formatNumber } from '../app/i18n/format.ts';
import { communeNameOf } from './commune-names.ts';
import { DocumentList, loadDocuments } from './device-page.tsx';
import { CAMERA_KINDS, type Device } from './public-data.ts';
import { deviceHref } from './routes.ts';
import { useText, type ExploreKey } from './i18n/text.ts';
import { Link } from './link.tsx';
import { NotFound } from './not-found.tsx';

export function OperatorPage({ operator, devices }: { operator: string; devices: readonly Device[] }) {
  const { t, lang } = useText();
  const name = operator.trim();
  const own = useMemo(() => devices.filter((d) => d.operator === name), [devices, name]);
  const standing = useMemo(() => own.filter((d) => d.status !== 'removed'), [own]);
  const removed = useMemo(() => own.filter((d) => d.status === 'removed'), [own]);
  const [documents, setDocuments] = useState<PublicDocument[] | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setDocuments(null);
    loadDocuments(controller.signal).then(
      (all) => setDocuments(all.filter((d) => d.target === 'operator' && d.targetId === name)),
      () => !controller.signal.aborted && setDocuments([]),
    );
    return () => controller.abort();
  }, [name]);

  if (documents === null) return <p>{t('common.loading')}</p>;
  if (own.length === 0 && documents.length === 0) return <NotFound />;

  const kindName = (k: Device['kind']) => t(`kind.${k}` as ExploreKey);
  const cameras = standing.filter((d) => CAMERA_KINDS.includes(d.kind));
  const unannounced = cameras.filter((d) => d.unannounced).length;
  const where = (d: Device) => (d.commune ? ` · ${communeNameOf(d.commune, lang)}` : '');

  return (
    <article class="operator-page" data-testid="operator-page" data-operator={name} data-count={standing.length}>
      <h1>{t('operator.title', { name })}</h1>
      <p>{t('operator.count', { count: formatNumber(standing.length, lang) })}</p>
      {standing.length > 0 && (
        <ul>
          {KINDS.filter((k) => standing.some((d) => d.kind === k)).map((k) => (
            <li key={k}>
              {kindName(k)} : {formatNumber(standing.filter((d) => d.kind === k).length, lang)}
            </li>
          ))}
        </ul>
      )}
      {cameras.length > 0 && (
        <p data-testid="operator-unannounced" data-count={unannounced}>
          {t('operator.unannounced', { count: formatNumber(unannounced, lang), cameras: formatNumber(cameras.length, lang) })}
        </p>
      )}
      <section data-testid="operator-documents" data-count={documents.length}>
        <h2>{t('device.documents')}</h2>
        {documents.length ? <DocumentList documents={documents} /> : <p class="hint">{t('device.noDocuments')}</p>}
      </section>
      {standing.length > 0 && (
        <section>
          <h2>{t('operator.devices')}</h2>
          <ul>
            {standing.map((d) => (
              <li key={d.id} data-testid="operator-device">
                <Link href={deviceHref(d.id)}>{kindName(d.kind)}</Link>
                {where(d)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {removed.length > 0 && (
        <section>
          <h2>{t('operator.removed')}</h2>
          <ul>
            {removed.map((d) => (
              <li key={d.id} class="removed">
                <Link href={deviceHref(d.id)}>{kindName(d.kind)}</Link>
                {where(d)}
                {d.removedOn ? ` · ${t('map.removedOn', { day: d.removedOn })}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
