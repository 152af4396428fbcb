import { isValidStorageKey } from './isValidStorageKey.js';

/** Where an S3FileStorage keeps its objects: a bucket and a key prefix ('' or ending in '/'). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

// Bucket names as S3 allows them (MinIO, Ceph and R2 accept the same): 3 to 63 lower-case letters, digits, '.', '-'.
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://bucket/prefix` (the prefix optional) as a location; a TypeError names what is wrong. */
export function parseS3Location(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  if (!match) throw new TypeError(`expected s3://bucket/prefix, not ${JSON.stringify(url)}`);
  const bucket = match[1]!;
  if (!bucketName.test(bucket)) throw new TypeError(`${JSON.stringify(bucket)} is not a valid bucket name (3 to 63 lower-case letters, digits, '.' and '-')`);
  const path = (match[2] ?? '').replace(/\/+$/, '');
  // Stored keys are at most 255 characters and S3's at most 1024: a long prefix still leaves room.
  if (path !== '' && (!isValidStorageKey(path) || path.length > 512)) throw new TypeError(`${JSON.stringify(path)} is not a valid key prefix (segments of letters, digits, '.', '_' and '-')`);
  return { bucket, prefix: path === '' ? '' : `${path}/` };
}
