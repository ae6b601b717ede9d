/**
 * Where photo bytes live, by their hash (64 lowercase hex): files under DATA_DIR/photos/<first two
 * hex>/<hash> (the default). Metadata (size, type) is kept by the `Storage` (storage.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface PhotoBlobs {
  /** Where the bytes are, for the start message. */
  readonly where: string;
  /** Stores the bytes whole under the hash (a crash never leaves half a photo under its name). */
  write(hash: string, bytes: Buffer): Promise<void>;
  /** The stored bytes as a stream; throws when absent. */
  read(hash: string): Promise<Readable>;
}

export class FileBlobs implements PhotoBlobs {
  readonly dir: string;
  readonly where: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'photos');
    this.where = this.dir;
    fs.mkdirSync(this.dir, { recursive: true });
  }

  filePath(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), hash);
  }

  async write(hash: string, bytes: Buffer): Promise<void> {
    const file = this.filePath(hash);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Written whole then renamed.
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, bytes);
    await fs.promises.rename(tmp, file);
  }

  async read(hash: string): Promise<Readable> {
    return fs.createReadStream(this.filePath(hash));
  }
}
