/**
 * A photo from the store (or one just re-encoded and not yet stored), shown through an object URL
 * that is revoked when the image goes away, so long lists do not leak memory.
 */
import { useEffect, useState } from 'preact/hooks';
import { getPhoto, type PhotoRecord } from '../../store/photos.ts';
import { useDb } from '../shell/db-context.ts';

export function usePhotoUrl(hash: string, record?: PhotoRecord): { url: string | null; missing: boolean } {
  const db = useDb();
  const [state, setState] = useState<{ url: string | null; missing: boolean }>({ url: null, missing: false });
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    const show = (r: PhotoRecord | undefined) => {
      if (cancelled) return;
      if (!r) {
        setState({ url: null, missing: true });
        return;
      }
      url = URL.createObjectURL(new Blob([r.data], { type: r.type }));
      setState({ url, missing: false });
    };
    if (record) show(record);
    else getPhoto(db, hash).then(show, () => show(undefined));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [db, hash, record]);
  return state;
}

export function StoredPhoto({ hash, record, alt, missingText }: { hash: string; record?: PhotoRecord; alt: string; missingText: string }) {
  const { url, missing } = usePhotoUrl(hash, record);
  if (missing) return <span class="photo-missing">{missingText}</span>;
  if (!url) return <span class="photo-placeholder" aria-hidden="true" />;
  return <img src={url} alt={alt} class="photo" data-hash={hash} />;
}
