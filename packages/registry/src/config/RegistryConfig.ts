/** Everything an operator can configure, resolved: absolute paths, numbers parsed, defaults applied. */
export interface RegistryConfig {
  /** Interface to listen on (default 127.0.0.1). */
  host: string;
  /** TCP port (default 8080; 0 picks a free one). */
  port: number;
  /** The URL users reach the registry at, without a trailing slash; also the WebAuthn origin later. https → Secure cookies. */
  publicUrl: string;
  /** `postgres://…` / `postgresql://…` for PostgreSQL, otherwise `sqlite:<absolute path>`. */
  databaseUrl: string;
  /** Absolute data directory (default ./data). */
  dataDir: string;
  /** Absolute directory of uploaded files (default <dataDir>/files). */
  storageDir: string;
  /** Largest accepted upload, in bytes (default 100 MiB, PyPI's default). */
  maxUploadBytes: number;
  /** Absolute path of the secret key (default <dataDir>/secret.key; created 0600 with 32 random bytes if missing). */
  secretKeyFile: string;
  /** Believe X-Forwarded-For / X-Forwarded-Proto (only behind a reverse proxy that sets them). */
  trustProxy: boolean;
  /** Longest lifetime of a new API token, in days; 0 (the default) sets no maximum and lets tokens never expire. */
  tokenMaxLifetimeDays: number;
}
