import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { RegistryConfig } from '../config/RegistryConfig.js';
import type { FileStorage } from './FileStorage.js';
import { LocalFileStorage } from './LocalFileStorage.js';
import { S3FileStorage } from './S3FileStorage.js';
import { parseS3Location } from './S3Location.js';

/** How long connecting to object storage, and a request with no answer, may take before it counts as a failure (ms). */
const connectionTimeoutMs = 5_000;
const requestTimeoutMs = 60_000;

/**
 * The storage the configuration names: S3FileStorage for `storage` (s3://bucket/prefix), with temporary files in
 * storageDir/tmp; else LocalFileStorage in storageDir. Credentials come from the AWS SDK's default chain
 * (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, instance roles), never from the config.
 */
export function openFileStorage(config: Pick<RegistryConfig, 'storage' | 'storageDir' | 's3Endpoint' | 's3Region' | 's3ForcePathStyle'>): FileStorage {
  if (config.storage === null) return new LocalFileStorage(config.storageDir);
  const client = new S3Client({
    ...(config.s3Endpoint === null ? {} : { endpoint: config.s3Endpoint }),
    // S3-compatible servers take any region; AWS's own endpoint needs the bucket's (else the SDK's chain finds it).
    ...(config.s3Region !== null ? { region: config.s3Region } : config.s3Endpoint !== null ? { region: 'us-east-1' } : {}),
    forcePathStyle: config.s3ForcePathStyle,
    requestHandler: { connectionTimeout: connectionTimeoutMs, requestTimeout: requestTimeoutMs },
  });
  return new S3FileStorage({ client, location: parseS3Location(config.storage), temporaryDirectory: join(config.storageDir, 'tmp') });
}
