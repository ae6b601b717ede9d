/**
 * HEIC/HEIF, the iPhone's photo format, decoded where the browser cannot: libheif compiled to
 * WebAssembly (npm libheif-js, LGPL-3.0). Imported only when such a photo is picked, so it is a
 * chunk of its own (about 2 MB) served from our origin and left out of the offline precache.
 */
import factory, { type LibHeif } from 'libheif-js/libheif-wasm/libheif-bundle.mjs';

export interface DecodedPixels {
  /** RGBA, 4 bytes a pixel, row after row. */
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

let library: Promise<LibHeif> | null = null;

function loadLibrary(): Promise<LibHeif> {
  library ??= new Promise<LibHeif>((resolve, reject) => {
    let ready = false;
    let lib: LibHeif | undefined;
    // The runtime may come up inside the factory call or after it.
    lib = factory({
      onRuntimeInitialized: () => {
        ready = true;
        if (lib) resolve(lib);
      },
      onAbort: (reason) => reject(new Error(`libheif did not start: ${String(reason)}`)),
    });
    if (ready) resolve(lib);
  }).catch((error: unknown) => {
    library = null; // a later photo tries again
    throw error;
  });
  return library;
}

/**
 * The pixels of the file's primary image, with its rotation and mirroring applied (as the iPhone
 * shows it). Throws an Error when the bytes are no HEIF libheif can decode.
 */
export async function decodeHeic(bytes: Uint8Array): Promise<DecodedPixels> {
  const lib = await loadLibrary();
  const images = new lib.HeifDecoder().decode(bytes);
  try {
    const image = images.find((i) => i.is_primary()) ?? images[0];
    if (!image) throw new Error('expected an image in the HEIF file, found none');
    const width = image.get_width();
    const height = image.get_height();
    const pixels = { data: new Uint8ClampedArray(width * height * 4), width, height };
    const done = await new Promise<unknown>((resolve) => image.display(pixels, resolve));
    if (!done) throw new Error(`libheif could not decode the ${width}×${height} image`);
    return pixels;
  } finally {
    for (const image of images) image.free();
  }
}
