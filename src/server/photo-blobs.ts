/**
 * Where photo bytes live, by their hash (64 lowercase hex): files under DATA_DIR/photos/<first two
 * hex>/<hash> (the default), or objects in S3-compatible storage (`S3_ENDPOINT`, `S3_BUCKET`). Metadata (size, type) is kept by the `Storage` (storage.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { unavailable } from './errors.ts';

export interface PhotoBlobs {
  /** Where the bytes are, for the start message. */
  readonly where: string;
  /** Stores the bytes whole under the hash (a crash never leaves half a photo under its name). */
  write(hash: string, bytes: Buffer): Promise<void>;
  /** The stored bytes as a stream; throws when absent. */
  read(hash: string): Promise<Readable>;
  /** Lets go of connections (on server close). */
  close(): void;
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

  close(): void {
    // Files hold nothing open between requests.
  }
}

/**
 * Photo bytes in S3-compatible object storage, one object per photo (`photos/<hash>`), addressed
 * path-style (`<endpoint>/<bucket>/<key>`, as S3-compatible servers need). Credentials and region
 * come from the AWS SDK's standard sources (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_REGION`; us-east-1 when no region is set). The operator creates the bucket. A store that
 * cannot be reached is answered 503 `unavailable` with Retry-After (errors.ts).
 */
export class S3Blobs implements PhotoBlobs {
  readonly where: string;
  private readonly client: S3Client;

  constructor(
    endpoint: string,
    private readonly bucket: string,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.where = `${endpoint.replace(/\/$/, '')}/${bucket}`;
    // A store that is down must not hold a request for the SDK's default minutes of retries.
    this.client = new S3Client({ endpoint, forcePathStyle: true, region: env.AWS_REGION || 'us-east-1', maxAttempts: 2, requestHandler: { connectionTimeout: 3000, requestTimeout: 15000 } });
  }

  private key(hash: string): string {
    return `photos/${hash}`;
  }

  async write(hash: string, bytes: Buffer): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(hash), Body: bytes, ContentLength: bytes.length }));
    } catch (err) {
      throw storeError(err);
    }
  }

  async read(hash: string): Promise<Readable> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(hash) }));
      return answer.Body as Readable;
    } catch (err) {
      throw storeError(err);
    }
  }

  close(): void {
    this.client.destroy();
  }
}

/** An answer of the store (a refused key, a missing bucket) stays a 500; no answer at all is a 503. */
function storeError(err: unknown): unknown {
  const answered = typeof (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 'number';
  return answered ? err : unavailable('the photo store');
}

/** The photo store of the configuration: S3 when both `S3_ENDPOINT` and `S3_BUCKET` are set, else files in DATA_DIR. */
export function photoBlobsFor(config: { dataDir: string; s3?: { endpoint: string; bucket: string } | null }): PhotoBlobs {
  return config.s3 ? new S3Blobs(config.s3.endpoint, config.s3.bucket) : new FileBlobs(config.dataDir);
}
