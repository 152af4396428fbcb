import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * s3rver's fixed credentials: the AWS SDK signs with them and s3rver checks the signatures. And quiet about Node 20
 * (the SDK warns, once per process, that its 2027 versions need Node 22), so that the tests can expect no stderr.
 */
const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** An S3-compatible server (s3rver) on 127.0.0.1 with one bucket, its objects in a directory of its own. */
export interface S3TestServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  /** What a registry process needs to store in the bucket under `prefix`: KEYBRIDGE_STORAGE, the endpoint, credentials. */
  registryEnv(prefix: string): Record<string, string>;
  /** Stops answering (connections cut at once), as an outage would; start() brings it back with its objects. */
  stop(): Promise<void>;
  /** Listens again on the same port, over the same objects. */
  start(): Promise<void>;
  /** Stops it and removes its objects. */
  destroy(): Promise<void>;
}

export async function startS3Server(bucket = 'keybridge-test'): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'keybridge-s3-'));
  let port = 0;
  let server: S3rver | null = null;
  const start = async () => {
    const started = new S3rver({ address: '127.0.0.1', port, directory, silent: true, configureBuckets: [{ name: bucket }] });
    port = (await started.run()).port;
    server = started;
  };
  const stop = async () => {
    const running = server;
    server = null;
    if (!running) return;
    const closed = running.close();
    // Keep-alive connections of the SDK would hold close() open until they idle out.
    running.httpServer?.closeAllConnections();
    await closed;
  };
  await start();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    registryEnv: (prefix) => ({
      ...credentials,
      KEYBRIDGE_STORAGE: `s3://${bucket}/${prefix}`,
      KEYBRIDGE_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      KEYBRIDGE_S3_FORCE_PATH_STYLE: 'true',
    }),
    stop,
    start,
    async destroy() {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Sets s3rver's credentials in this process's environment (the AWS SDK's default chain reads them), for in-process storages. */
export function useS3TestCredentials(): void {
  Object.assign(process.env, credentials);
}
