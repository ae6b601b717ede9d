/**
 * One device's page, at its own shareable address: read from the OGC API item (`404`: the
 * not-found page). Kind and what it is, operator, direction, photos, first seen and last confirmed,
 * confirmations, the public description and history, the documents linked to it. Never a walker's
 * notes or time of day: the server's public form has neither.
 */
import { useEffect, useState } from 'preact/hooks';
import { describeDirections, directionsSchema } from '../core/direction.ts';
import { publicDocumentSchema, type PublicDocument } from '../core/documents.ts';
import { deviceEvents, firstSeenOf, lastConfirmedOf, publicFeatureSchema, statusOf, type PublicFeature } from '../core/public-device.ts';
import { operatorOf } from '../core/map-feed.ts';
import { formatNumber } from '../app/i18n/format.ts';
import { daysSince } from './public-data.ts';
import { communeNameOf } from './commune-names.ts';
import { loadCommunes } from './communes-file.ts';
import { operatorHref, understandHref } from './routes.ts';
import { useText, type ExploreKey } from './i18n/text.ts';
import { Link } from './link.tsx';
import { NotFound } from './not-found.tsx';

export const itemUrl = (id: string): string => `/api/ogc/collections/devices/items/${encodeURIComponent(id)}`;
export const DOCUMENTS_URL = '/api/v1/documents';

/** Every document the moderators attached (a short list), each validated; none when the server has none. */
export async function loadDocuments(signal: AbortSignal): Promise<PublicDocument[]> {
  const res = await fetch(DOCUMENTS_URL, { signal });
  if (!res.ok) return [];
  const body = (await res.json()) as { documents?: unknown[] };
  return (body.documents ?? []).flatMap((d) => {
    const parsed = publicDocumentSchema.safeParse(d);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The documents list of a page: title (a link out), kind, date. */
export function DocumentList({ documents }: { documents: readonly PublicDocument[] }) {
  const { t } = useText();
  return (
    <ul>
      {documents.map((d) => (
        <li key={d.id}>
          <a href={d.url} rel="noopener noreferrer nofollow" referrerpolicy="no-referrer">
            {d.title}
          </a>{' '}
          ({t(`document.kind.${d.kind}` as ExploreKey)}, {d.date})
        </li>
      ))}
    </ul>
  );
}

const SIGNAGE = ['pictogram_contact', 'pictogram', 'none', 'unknown'] as const;

export function DevicePage({ id }: { id: string }) {
  const { t, lang } = useText();
  const [state, setState] = useState<{ feature: PublicFeature } | 'loading' | 'missing' | 'failed'>('loading');
  const [allDocuments, setAllDocuments] = useState<PublicDocument[]>([]);
  // The commune's boundaries load only here (and on the communes page), not with the map.
  const [nis, setNis] = useState<string | null>(null);
  const position = typeof state === 'object' ? state.feature.geometry.coordinates : null;
  useEffect(() => {
    setNis(null);
    if (!position) return;
    let live = true;
    // Without the file (offline, gone) the commune stays unnamed.
    loadCommunes().then(({ communeOf }) => live && setNis(communeOf(position[0], position[1])), () => undefined);
    return () => {
      live = false;
    };
  }, [position?.[0], position?.[1]]);

  useEffect(() => {
    const controller = new AbortController();
    setState('loading');
    fetch(itemUrl(id), { signal: controller.signal })
      .then(async (res) => {
        if (res.status === 404) return setState('missing');
        if (!res.ok) return setState('failed');
        const parsed = publicFeatureSchema.safeParse(await res.json());
        setState(parsed.success ? { feature: parsed.data } : 'failed');
      })
      .catch(() => !controller.signal.aborted && setState('failed'));
    loadDocuments(controller.signal).then(setAllDocuments, () => setAllDocuments([]));
    return () => controller.abort();
  }, [id]);

  if (state === 'loading') return <p>{t('common.loading')}</p>;
  if (state === 'missing') return <NotFound />;
  if (state === 'failed') return <p role="alert">{t('common.loadFailed')}</p>;

  const f = state.feature;
  const p = f.properties;
  const status = statusOf(p);
  const today = new Date();
  const firstSeen = firstSeenOf(p);
  const lastConfirmed = lastConfirmedOf(p);
  const operator = operatorOf(f);
  const directions = directionsSchema.safeParse(p.details.direction);
  const signage = SIGNAGE.find((s) => s === p.details.signage);
  const documents = allDocuments.filter(
    (d) => (d.target === 'device' && d.targetId === p.id) || (d.target === 'operator' && d.targetId === operator) || (d.target === 'commune' && d.targetId === nis),
  );
  const day = (d: string) => t('device.daysAgo', { day: d, days: formatNumber(daysSince(d, today), lang) });
  const kindName = t(`kind.${p.kind}` as ExploreKey);

  return (
    <article class="device-page" data-testid="device-page" data-id={p.id} data-status={status}>
      <h1>
        {kindName} <span class={`status status-${status}`}>{t(`device.status.${status}` as ExploreKey)}</span>
      </h1>
      <p>
        <Link href={understandHref(p.kind)}>{t('device.understand')}</Link>
      </p>
      <dl>
        {nis && (
          <>
            <dt>{t('device.commune')}</dt>
            <dd>{communeNameOf(nis, lang)}</dd>
          </>
        )}
        <dt>{t('device.operator')}</dt>
        <dd>
          {operator ? (
            <Link href={operatorHref(operator)} data-testid="operator-link">
              {operator}
            </Link>
          ) : (
            t('common.unknown')
          )}
        </dd>
        {directions.success && (
          <>
            <dt>{t('device.direction')}</dt>
            <dd>{describeDirections(directions.data)}</dd>
          </>
        )}
        {signage && (
          <>
            <dt>{t('device.signage')}</dt>
            <dd data-signage={signage}>{t(`signage.${signage}` as ExploreKey)}</dd>
          </>
        )}
        {firstSeen && (
          <>
            <dt>{t('device.firstSeen')}</dt>
            <dd>{day(firstSeen)}</dd>
          </>
        )}
        {lastConfirmed && (
          <>
            <dt>{t('device.lastConfirmed')}</dt>
            <dd data-testid="device-last-confirmed" data-day={lastConfirmed}>
              {day(lastConfirmed)}
            </dd>
          </>
        )}
        <dt>{t('device.confirmations')}</dt>
        <dd data-testid="device-confirmations" data-count={p.confirmations ?? 1}>
          {formatNumber(p.confirmations ?? 1, lang)}
        </dd>
      </dl>
      {p.description && (
        <section>
          <h2>{t('device.description')}</h2>
          <p>{p.description}</p>
        </section>
      )}
      {p.photos.length > 0 && (
        <section>
          <h2>{t('device.photos')}</h2>
          <div class="photos">
            {p.photos.map((hash) => (
              <img key={hash} src={`/api/v1/photos/${hash}`} alt={t('device.photoAlt')} loading="lazy" />
            ))}
          </div>
        </section>
      )}
      <section>
        <h2>{t('device.history')}</h2>
        <ul>
          {deviceEvents(p).map((e) => (
            <li key={e.kind}>{e.kind === 'removed' ? t('device.removedOn', { day: e.day }) : e.kind === 'published' ? t('device.publishedOn', { day: e.day }) : `${t('device.lastConfirmed')} : ${e.day}`}</li>
          ))}
        </ul>
      </section>
      <section data-testid="device-documents" data-count={documents.length}>
        <h2>{t('device.documents')}</h2>
        {documents.length ? (
          <DocumentList documents={documents} />
        ) : (
          <p class="hint">{t('device.noDocuments')}</p>
        )}
      </section>
      <p class="hint">
        {t('device.share')} : <code>{location.origin + location.pathname}</code>
      </p>
    </article>
  );
}
