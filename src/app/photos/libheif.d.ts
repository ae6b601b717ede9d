/**
 * The part of libheif-js's ES module bundle (libheif compiled to WebAssembly, the .wasm inlined)
 * that heic-decoder.ts uses; the package ships types for the raw C functions only.
 */
declare module 'libheif-js/libheif-wasm/libheif-bundle.mjs' {
  export interface HeifImage {
    get_width(): number;
    get_height(): number;
    is_primary(): boolean;
    /** Decodes into `target.data` as RGBA, rotation and mirroring applied; calls back with null on failure. */
    display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown) => void): void;
    free(): void;
  }
  export interface LibHeif {
    /** `decode(bytes)`: the file's top-level images, [] when it cannot be parsed. */
    HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[] };
  }
  const factory: (options?: { onRuntimeInitialized?: () => void; onAbort?: (reason: unknown) => void }) => LibHeif;
  export default factory;
}
