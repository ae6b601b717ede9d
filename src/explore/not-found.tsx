/** The page for an unknown address or device, in the visitor's language. */
import { BASE } from './routes.ts';
import { useText } from './i18n/text.ts';
import { Link } from './link.tsx';

export function NotFound() {
  const { t } = useText();
  return (
    <section class="not-found" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href={BASE}>{t('notFound.back')}</Link>
      </p>
    </section>
  );
}
