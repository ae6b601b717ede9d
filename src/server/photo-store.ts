/**
 * Photos, by the SHA-256 the client computed over the bytes it sent: bytes in a `PhotoBlobs`
 * (photo-blobs.ts: files under DATA_DIR/photos by default), metadata in the `Storage`.
 *
 * The client re-encodes every photo (no EXIF, no GPS) before hashing it. The server checks the
 * hash and the image type by its bytes, then looks for metadata again as a second line of defence:
 * a photo without EXIF/XMP/IPTC/comments is stored byte for byte, so its name is its hash; one that
 * still carries metadata is re-encoded by sharp without it and stored under the client's hash all
 * the same (the observation refers to that name), with `stripped = 1`: only then do the stored bytes
 * differ from their name.
 */
import type { PhotoAnswer } from '../core/wire.ts';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { ApiError } from './errors.ts';
import type { PhotoBlobs } from './photo-blobs.ts';
import type { PhotoRow, Storage } from './storage.ts';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export type ImageType = PhotoRow['type'];

/** The image type from the first bytes, whatever the request claimed. */
export function sniffImageType(buf: Uint8Array): ImageType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length >= 8 && png.every((b, i) => buf[i] === b)) return 'image/png';
  const ascii = (from: number, to: number) => Buffer.from(buf.subarray(from, to)).toString('latin1');
  if (buf.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** The answer of `PUT /photos/<sha256>` (wire shape `PhotoAnswer` of core/wire.ts). */
export type PutResult = PhotoAnswer & { type: ImageType };

export class PhotoStore {
  constructor(
    private readonly storage: Storage,
    readonly blobs: PhotoBlobs,
  ) {}

  get(hash: string): Promise<PhotoRow | undefined> {
    return this.storage.photo(hash);
  }

  /** Stores a photo sent by `deviceId` (kept, so that it may read back a photo not yet public). */
  async put(hash: string, bytes: Buffer, deviceId: number | null = null): Promise<PutResult> {
    const known = await this.get(hash);
    if (known) return { status: 'exists', hash, type: known.type, stripped: known.stripped === 1 };
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== hash) {
      throw new ApiError(400, 'hash_mismatch', `the bytes hash to ${actual}, not to ${hash}`);
    }
    const type = sniffImageType(bytes);
    if (!type) throw new ApiError(415, 'not_an_image', 'expected JPEG, PNG or WebP bytes');
    let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
    try {
      meta = await sharp(bytes).metadata();
    } catch {
      throw new ApiError(415, 'not_an_image', `the bytes start like ${type} but do not decode`);
    }
    const hasMetadata = Boolean(meta.exif || meta.xmp || meta.iptc || meta.tifftagPhotoshop || meta.comments?.length);
    const stored = hasMetadata ? await stripMetadata(bytes, type) : bytes;
    // The bytes first: metadata never names a photo that is not there.
    await this.blobs.write(hash, stored);
    await this.storage.addPhoto({ hash, size: stored.length, type, stripped: hasMetadata ? 1 : 0 }, deviceId);
    return { status: 'stored', hash, type, stripped: hasMetadata };
  }
}

/** Re-encodes in the same format; sharp drops every metadata block unless told to keep it. */
async function stripMetadata(bytes: Buffer, type: ImageType): Promise<Buffer> {
  const img = sharp(bytes).autoOrient();
  switch (type) {
    case 'image/jpeg':
      return img.jpeg({ quality: 90 }).toBuffer();
    case 'image/png':
      return img.png().toBuffer();
    case 'image/webp':
      return img.webp({ quality: 90 }).toBuffer();
  }
}
