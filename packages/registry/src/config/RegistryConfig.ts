/** Everything an operator can configure, resolved: absolute paths, numbers parsed, defaults applied. */
export interface RegistryConfig {
  /** Interface to listen on (default 127.0.0.1). */
  host: string;
  /** TCP port (default 8080; 0 picks a free one). */
  port: number;
  /**
   * The URL users reach the registry at, without a trailing slash; the WebAuthn origin, its host the RP ID. https →
   * Secure cookies. Default http://localhost:<port> when listening on 127.0.0.1 (browsers refuse an IP address as
   * RP ID), else http://<host>:<port>.
   */
  publicUrl: string;
  /** `postgres://…` / `postgresql://…` for PostgreSQL, otherwise `sqlite:<absolute path>`. */
  databaseUrl: string;
  /** Absolute data directory (default ./data). */
  dataDir: string;
  /** Absolute directory of uploaded files (default <dataDir>/files); with object storage, only its temporary files (tmp/). */
  storageDir: string;
  /** Object storage for uploaded files, `s3://bucket/prefix` (normalized: no trailing slash); null (the default): storageDir. */
  storage: string | null;
  /** The S3 API's endpoint URL (MinIO, Ceph, R2, …); null (the default): AWS's endpoint for the region. */
  s3Endpoint: string | null;
  /** The bucket's region; null (the default): us-east-1 with an endpoint, else the AWS SDK's own (AWS_REGION, ~/.aws/config). */
  s3Region: string | null;
  /** Address buckets as <endpoint>/<bucket> rather than <bucket>.<endpoint> (MinIO, Ceph; default false). */
  s3ForcePathStyle: boolean;
  /** How downloads are served: 'stream' through the registry (the default), or 'presigned', a redirect to object storage. */
  filesRedirect: FilesRedirect;
  /** Largest accepted upload, in bytes (default 100 MiB, PyPI's default). */
  maxUploadBytes: number;
  /** Absolute path of the secret key (default <dataDir>/secret.key; created 0600 with 32 random bytes if missing). */
  secretKeyFile: string;
  /** Believe X-Forwarded-For / X-Forwarded-Proto (only behind a reverse proxy that sets them). */
  trustProxy: boolean;
  /** Longest lifetime of a new API token, in days; 0 (the default) sets no maximum and lets tokens never expire. */
  tokenMaxLifetimeDays: number;
  /** The registry's name for people: the TOTP issuer, the WebAuthn relying party name (default 'keybridge'). */
  siteName: string;
  /** Whether accounts may add security keys (default true); needs a public URL whose host is a name, not an IP address. */
  securityKeys: boolean;
  /** Which security-key attestations are accepted: none (ask for none), any (verify; self allowed), trusted (a trusted root). */
  attestation: AttestationPolicy;
  /** Absolute directory of trust anchors for attestation: PEM roots (*.pem) and FIDO metadata statements (*.json); null for none. */
  attestationTrustDir: string | null;
  /** Who may upload with a password: everyone, users without a second factor (the default), or nobody (tokens only). */
  uploadAuth: UploadAuthPolicy;
  /** Whether anyone may create an account (open, the default) or not (closed: only `create-admin` adds users). */
  signup: SignupPolicy;
  /** How long a client may take to send a request's headers, in ms (default 30 s); then the connection is closed. */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests, in ms (default 5 s). */
  keepAliveTimeoutMs: number;
  /** How long a request body (an upload) may send nothing, in ms (default 30 s); then it is dropped (temporary file removed). */
  bodyTimeoutMs: number;
  /** Uploads handled at once (default 32); beyond it the registry answers 503 with Retry-After. */
  maxConcurrentUploads: number;
  /**
   * Stored files no row refers to (left by a process killed between storing an upload and committing it) are removed
   * once older than this, in ms (default 1 hour; it must exceed any upload's time from storing to committing).
   */
  orphanGraceMs: number;
  /** How often, in ms, unreferenced stored files and dead processes' temporary files are swept (default 1 hour; also at start). */
  orphanSweepIntervalMs: number;
  /** The least severe log lines written: 'info' (the default: an access-log line per request), 'warn', 'error', … */
  logLevel: LogLevel;
}

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
export const attestationPolicies = ['none', 'any', 'trusted'] as const;
export type AttestationPolicy = (typeof attestationPolicies)[number];
export const uploadAuthPolicies = ['password-allowed', 'tokens-if-2fa', 'tokens-only'] as const;
export type UploadAuthPolicy = (typeof uploadAuthPolicies)[number];
export const filesRedirects = ['stream', 'presigned'] as const;
export type FilesRedirect = (typeof filesRedirects)[number];
export const signupPolicies = ['open', 'closed'] as const;
export type SignupPolicy = (typeof signupPolicies)[number];
