/**
 * The explainers, one per kind: Markdown files the collective edits in `content/understand/<lang>/`
 * (turned into HTML files at build time, see vite.config.ts), fetched when shown; French where the
 * visitor's language has no page yet.
 */
import { useEffect, useState } from 'preact/hooks';
import { KINDS, type Kind } from '../core/taxonomy.ts';
import { understandHref } from './routes.ts';
import { useText, type ExploreKey, type Language } from './i18n/text.ts';
import { Link } from './link.tsx';

/** The URL of each page's HTML file, by source path. */
const PAGES = import.meta.glob<string>('/content/understand/*/*.md', { import: 'default', eager: true });

/** @throws when the file cannot be fetched (offline, gone). */
async function fetchPage(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

const pageFor = (lang: Language, kind: Kind) => PAGES[`/content/understand/${lang}/${kind}.md`] ?? PAGES[`/content/understand/fr/${kind}.md`];

export function UnderstandPage({ kind }: { kind: Kind | null }) {
  const { t, lang } = useText();
  const [html, setHtml] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    setHtml(undefined);
    const url = kind ? pageFor(lang, kind) : undefined;
    if (!url) setHtml(null);
    else void fetchPage(url).then((h) => live && setHtml(h), () => live && setHtml(null));
    return () => {
      live = false;
    };
  }, [kind, lang]);

  return (
    <section class="understand-page">
      <h1>{kind ? t(`kind.${kind}` as ExploreKey) : t('understand.title')}</h1>
      {!kind && <p>{t('understand.intro')}</p>}
      {kind &&
        (html === undefined ? (
          <p>{t('common.loading')}</p>
        ) : html === null ? (
          <p class="hint">{t('understand.missing')}</p>
        ) : (
          // Our own content, rendered from Markdown at build time: no visitor input reaches it.
          <article data-testid="kind-explainer" data-kind={kind} class="explainer" dangerouslySetInnerHTML={{ __html: html }} />
        ))}
      <nav aria-label={t('understand.title')}>
        <ul class="kind-links">
          {KINDS.filter((k) => pageFor(lang, k)).map((k) => (
            <li key={k}>
              <Link href={understandHref(k)} {...(k === kind ? { 'aria-current': 'page' as const } : {})}>
                {t(`kind.${k}` as ExploreKey)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </section>
  );
}
