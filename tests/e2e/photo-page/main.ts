/** Exposes the real reencodePhoto (worker and all) to the photo e2e test. Built by the test. */
import { PhotoError, reencodePhoto } from '../../../src/app/photos/reencode-photo.ts';

type Result =
  | { ok: true; hash: string; type: string; width: number; height: number; size: number; base64: string }
  | { ok: false; key: string | null; message: string };

declare global {
  interface Window {
    /** Bytes travel as base64: the test driver speaks JSON. */
    reencodeForTest: (base64: string, type: string) => Promise<Result>;
    /** A JPEG drawn by the browser, asymmetric so a rotation shows. */
    makeJpegForTest: (width: number, height: number) => Promise<string>;
    /** A Blob of `megabytes` MB starting with JPEG magic bytes. */
    reencodeHugeForTest: (megabytes: number) => Promise<Result>;
  }
}

const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};
const fromBase64 = (base64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

async function run(blob: Blob): Promise<Result> {
  try {
    const { data, ...record } = await reencodePhoto(blob);
    return { ok: true, ...record, base64: toBase64(new Uint8Array(data)) };
  } catch (error) {
    return error instanceof PhotoError
      ? { ok: false, key: error.key, message: error.message }
      : { ok: false, key: null, message: String(error) };
  }
}

window.reencodeForTest = (base64, type) => run(new Blob([fromBase64(base64)], { type }));

window.reencodeHugeForTest = (megabytes) => {
  const bytes = new Uint8Array(megabytes * 1024 * 1024);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return run(new Blob([bytes], { type: 'image/jpeg' }));
};

window.makeJpegForTest = async (width, height) => {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#c0392b';
  ctx.fillRect(0, 0, width / 2, height);
  ctx.fillStyle = '#2c3e50';
  ctx.fillRect(width / 2, 0, width / 2, height);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  return toBase64(new Uint8Array(await blob.arrayBuffer()));
};
