import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FileStorage, PresignedResponse, StoredByteRange, StoredFileEntry, StoredFileReader, TemporaryFile } from './FileStorage.js';
import { isValidStorageKey } from './isValidStorageKey.js';
import type { S3Location } from './S3Location.js';
import { StorageUnavailableError } from './StorageUnavailableError.js';
import { TemporaryDirectory } from './TemporaryDirectory.js';

/** An upload is sent in parts of this size, this many at once: put() holds at most their product in memory. */
const partBytes = 8 * 1024 * 1024;
const partsInFlight = 2;

export interface S3FileStorageOptions {
  /** The client, with its endpoint, region and credentials (see openFileStorage). */
  client: S3Client;
  location: S3Location;
  /** The local directory uploads are written and verified in before put() sends them. */
  temporaryDirectory: string;
}

/**
 * FileStorage on the S3 API (AWS S3, MinIO, Ceph, Cloudflare R2): files are objects under `<prefix><key>`. Uploads
 * are written and verified in a local temporary file, then put() streams it to the bucket (a single PUT, or a
 * multipart upload for large files) and removes it. An object under a key appears whole or not at all. The object's
 * LastModified is its modification time, for the orphan sweep. Failures to reach the bucket are StorageUnavailableError.
 */
export class S3FileStorage implements FileStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly temporaryFiles: TemporaryDirectory;

  constructor(options: S3FileStorageOptions) {
    this.client = options.client;
    this.bucket = options.location.bucket;
    this.prefix = options.location.prefix;
    this.temporaryFiles = new TemporaryDirectory(options.temporaryDirectory);
  }

  createTemporaryFile(): Promise<TemporaryFile> {
    return this.temporaryFiles.create();
  }

  async put(temporaryPath: string, key: string): Promise<void> {
    this.temporaryFiles.assertInside(temporaryPath);
    const objectKey = this.objectKey(key);
    const body = createReadStream(temporaryPath);
    try {
      // leavePartsOnError false: a failed multipart upload is aborted, its parts removed.
      const upload = new Upload({ client: this.client, params: { Bucket: this.bucket, Key: objectKey, Body: body }, partSize: partBytes, queueSize: partsInFlight, leavePartsOnError: false });
      await upload.done();
    } catch (error) {
      throw this.unavailable('store', key, error);
    } finally {
      body.destroy();
    }
    await rm(temporaryPath, { force: true });
  }

  discard(temporaryPath: string): Promise<void> {
    return this.temporaryFiles.discard(temporaryPath);
  }

  async open(key: string, range?: StoredByteRange): Promise<StoredFileReader | null> {
    const objectKey = this.objectKey(key);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
      // In Node the body is an http.IncomingMessage: a Readable the caller consumes or destroys.
      const stream = answer.Body as Readable;
      if (!range) return { size: answer.ContentLength ?? 0, stream };
      // 'bytes 0-9/1234': the whole object's size is after the slash. Without it the store sent something else.
      const total = /^bytes \d+-\d+\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1];
      if (total === undefined) {
        stream.destroy();
        throw new Error(`no Content-Range in the answer to a range request: ${JSON.stringify(answer.ContentRange)}`);
      }
      return { size: Number(total), stream };
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw this.unavailable('read', key, error);
    }
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    try {
      // S3 answers 204 for a key that is not there too.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (error) {
      throw this.unavailable('delete', key, error);
    }
  }

  async *list(): AsyncIterable<StoredFileEntry> {
    let continuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: continuationToken }));
      } catch (error) {
        throw this.unavailable('list', this.prefix, error);
      }
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.prefix.length);
        // Objects under the prefix that the registry did not write (other tools' files) are not the store's.
        if (key === undefined || !isValidStorageKey(key) || object.LastModified === undefined) continue;
        yield { key, modifiedMs: object.LastModified.getTime() };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  }

  async modifiedMs(key: string): Promise<number | null> {
    const objectKey = this.objectKey(key);
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return answer.LastModified?.getTime() ?? null;
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw this.unavailable('inspect', key, error);
    }
  }

  /**
   * Temporary files are local; multipart uploads cut short by a crash are not listed and cost only space (a bucket
   * lifecycle rule, AbortIncompleteMultipartUpload, removes them).
   */
  removeStaleTemporaryFiles(): Promise<number> {
    return this.temporaryFiles.removeStale();
  }

  async presignedUrl(key: string, response: PresignedResponse, expiresInSeconds: number): Promise<string> {
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), ResponseContentType: response.contentType, ResponseCacheControl: response.cacheControl });
    try {
      // Signed here, with the credentials of the SDK's chain: no request to the bucket.
      return await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
    } catch (error) {
      throw this.unavailable('sign a URL for', key, error);
    }
  }

  private objectKey(key: string): string {
    if (!isValidStorageKey(key)) throw new TypeError(`invalid storage key ${JSON.stringify(key)}`);
    return `${this.prefix}${key}`;
  }

  private unavailable(action: string, key: string, error: unknown): StorageUnavailableError {
    const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
    const name = error instanceof Error ? (error.name === 'Error' ? ((error as NodeJS.ErrnoException).code ?? error.message) : error.name) : String(error);
    return new StorageUnavailableError(`object storage: cannot ${action} ${key} in bucket ${this.bucket}: ${name}${status === undefined ? '' : ` (HTTP ${status})`}`, { cause: error });
  }
}

/** GET of a missing key answers NoSuchKey; HEAD, which has no body, a bare 404 the SDK names NotFound. */
function isNoSuchKey(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
}
