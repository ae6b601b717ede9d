/**
 * Re-encodes one photo: decode (applying the EXIF orientation), downscale, encode as JPEG, hash.
 * Drawing onto a fresh canvas keeps only pixels, so EXIF, GPS, thumbnails and maker notes are gone.
 * Runs wherever OffscreenCanvas exists: the photo worker, or the page as a fallback.
 */
import { PhotoError } from './photo-error.ts';
import { fitWithin, JPEG_QUALITY, MAX_INPUT_BYTES, SNIFF_BYTES, sniffImageType } from './image-format.ts';
import type { PhotoRecord } from './photo-record.ts';

/**
 * Most browsers (Chromium, Firefox) cannot decode HEIC/HEIF, the iPhone's format: libheif does it
 * then, loaded on first need. Where even that cannot run (offline before the decoder was ever
 * fetched), the photo is not called damaged: the walker is told what to do instead.
 */
async function decodeHeicFile(file: Blob, browserError: unknown): Promise<ImageBitmap> {
  let decodeHeic: typeof import('./heic-decoder.ts').decodeHeic;
  try {
    ({ decodeHeic } = await import('./heic-decoder.ts'));
  } catch (error) {
    throw new PhotoError('photo.heicUnsupported', `this browser cannot decode image/heic (${String(browserError)}) and the decoder did not load: ${String(error)}`);
  }
  let pixels: Awaited<ReturnType<typeof decodeHeic>>;
  try {
    pixels = await decodeHeic(new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    throw new PhotoError('photo.corrupt', `image/heic did not decode: ${String(error)}`);
  }
  return createImageBitmap(new ImageData(pixels.data, pixels.width, pixels.height));
}

export async function reencodeInPlace(file: Blob): Promise<PhotoRecord> {
  if (file.size > MAX_INPUT_BYTES) throw new PhotoError('photo.tooLarge', `${file.size} bytes`);
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const type = sniffImageType(head);
  if (!type) throw new PhotoError('photo.notImage', `unknown magic bytes (declared ${file.type || 'no type'})`);

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (error) {
    if (type !== 'image/heic') throw new PhotoError('photo.corrupt', `${type} did not decode: ${String(error)}`);
    bitmap = await decodeHeicFile(file, error);
  }
  try {
    const size = fitWithin(bitmap.width, bitmap.height);
    const canvas = new OffscreenCanvas(size.width, size.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('expected a 2d context on OffscreenCanvas, got null');
    // JPEG has no alpha: transparent PNG areas would turn black without this.
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
    const data = await blob.arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', data);
    const hash = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    return { hash, type: 'image/jpeg', data, width: size.width, height: size.height, size: data.byteLength };
  } finally {
    bitmap.close();
  }
}
