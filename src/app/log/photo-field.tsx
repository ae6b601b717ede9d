/**
 * Photos for an observation: the camera or the gallery (no `capture`, so phones offer both), each
 * re-encoded on the device (EXIF and GPS dropped) before it is kept; problems are said per file.
 */
import { useState } from 'preact/hooks';
import { LIMITS } from '../../core/observation.ts';
import type { PhotoRecord } from '../../store/photos.ts';
import { StoredPhoto } from '../components/stored-photo.tsx';
import { errorMessage, useT } from '../i18n/language.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { reencodePhoto } from '../photos/reencode-photo.ts';
import { ErrorText } from './detail-field.tsx';
import type { FieldError } from './form-model.ts';

export interface PhotoFieldProps {
  hashes: string[];
  /** Photos re-encoded in this form, by hash (the others are in the store already). */
  records: ReadonlyMap<string, PhotoRecord>;
  onAdd: (record: PhotoRecord) => void;
  onRemove: (hash: string) => void;
  error: FieldError | undefined;
  /** Re-encoder, replaceable in tests (the real one needs a worker and OffscreenCanvas). */
  reencode?: (file: Blob) => Promise<PhotoRecord>;
}

interface FileProblem {
  name: string;
  key: MessageKey;
}

export function PhotoField({ hashes, records, onAdd, onRemove, error, reencode = reencodePhoto }: PhotoFieldProps) {
  const t = useT();
  const [working, setWorking] = useState(0);
  const [problems, setProblems] = useState<FileProblem[]>([]);

  const addFiles = async (files: File[]) => {
    setProblems([]);
    const found: FileProblem[] = [];
    let room = LIMITS.photos - hashes.length;
    for (const file of files) {
      if (room <= 0) {
        found.push({ name: file.name, key: 'log.tooManyPhotos' });
        continue;
      }
      setWorking((n) => n + 1);
      try {
        const record = await reencode(file);
        onAdd(record);
        room -= 1;
      } catch (e) {
        found.push({ name: file.name, key: errorMessage(e, 'photo.failed') });
      } finally {
        setWorking((n) => n - 1);
      }
    }
    setProblems(found);
  };

  return (
    <fieldset class="field photo-field">
      <legend>{t('log.photos')}</legend>
      {hashes.length > 0 && (
        <ul class="thumbs">
          {hashes.map((hash, i) => (
            <li key={hash}>
              <StoredPhoto hash={hash} record={records.get(hash)} alt={t('log.photoAlt', { n: i + 1 })} missingText={t('detail.photoMissing')} />
              <button type="button" class="thumb-remove" aria-label={t('log.removePhoto', { n: i + 1 })} onClick={() => onRemove(hash)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="file-button">
        <span>{t('log.addPhoto')}</span>
        <input
          type="file"
          accept="image/*"
          multiple
          data-testid="photo-input"
          class="visually-hidden-input"
          onChange={(e) => {
            const input = e.currentTarget;
            const files = [...(input.files ?? [])];
            // Cleared so choosing the same file again still fires a change.
            input.value = '';
            void addFiles(files);
          }}
        />
      </label>
      {working > 0 && (
        <p class="hint" role="status">
          {t('log.photoWorking')}
        </p>
      )}
      {problems.length > 0 && (
        <ul class="photo-problems" role="alert" data-testid="photo-error">
          {problems.map((p, i) => (
            <li key={i}>
              <strong>{p.name}</strong> — {t(p.key, { max: LIMITS.photos })}
            </li>
          ))}
        </ul>
      )}
      <ErrorText id="photos-error" error={error} />
    </fieldset>
  );
}
