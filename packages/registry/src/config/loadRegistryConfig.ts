import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseS3Location } from '../storage/S3Location.js';
import { attestationPolicies, filesRedirects, logLevels, signupPolicies, uploadAuthPolicies, type RegistryConfig } from './RegistryConfig.js';
import { RegistryConfigError } from './RegistryConfigError.js';

export interface LoadRegistryConfigOptions {
  /** Environment to read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths from the environment are resolved against (default process.cwd()). */
  cwd?: string;
  /** Values that win over everything (embedding, tests); relative paths resolve against cwd. */
  overrides?: Partial<RegistryConfig>;
}

type Key = keyof RegistryConfig;
/** One layer of settings, with the directory its relative paths are relative to. */
interface Layer {
  values: Partial<Record<Key, unknown>>;
  baseDir: string;
  origin: string;
}

const environmentNames: Record<Key, string> = {
  host: 'KEYBRIDGE_HOST',
  port: 'KEYBRIDGE_PORT',
  publicUrl: 'KEYBRIDGE_PUBLIC_URL',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'KEYBRIDGE_DATA_DIR',
  storageDir: 'KEYBRIDGE_STORAGE_DIR',
  storage: 'KEYBRIDGE_STORAGE',
  s3Endpoint: 'KEYBRIDGE_S3_ENDPOINT',
  s3Region: 'KEYBRIDGE_S3_REGION',
  s3ForcePathStyle: 'KEYBRIDGE_S3_FORCE_PATH_STYLE',
  filesRedirect: 'KEYBRIDGE_FILES_REDIRECT',
  maxUploadBytes: 'KEYBRIDGE_MAX_UPLOAD_BYTES',
  secretKeyFile: 'KEYBRIDGE_SECRET_KEY_FILE',
  trustProxy: 'KEYBRIDGE_TRUST_PROXY',
  tokenMaxLifetimeDays: 'KEYBRIDGE_TOKEN_MAX_LIFETIME_DAYS',
  siteName: 'KEYBRIDGE_SITE_NAME',
  securityKeys: 'KEYBRIDGE_SECURITY_KEYS',
  attestation: 'KEYBRIDGE_ATTESTATION',
  attestationTrustDir: 'KEYBRIDGE_ATTESTATION_TRUST_DIR',
  uploadAuth: 'KEYBRIDGE_UPLOAD_AUTH',
  signup: 'KEYBRIDGE_SIGNUP',
  headersTimeoutMs: 'KEYBRIDGE_HEADERS_TIMEOUT_MS',
  keepAliveTimeoutMs: 'KEYBRIDGE_KEEP_ALIVE_TIMEOUT_MS',
  bodyTimeoutMs: 'KEYBRIDGE_BODY_TIMEOUT_MS',
  maxConcurrentUploads: 'KEYBRIDGE_MAX_CONCURRENT_UPLOADS',
  orphanGraceMs: 'KEYBRIDGE_ORPHAN_GRACE_MS',
  orphanSweepIntervalMs: 'KEYBRIDGE_ORPHAN_SWEEP_INTERVAL_MS',
  logLevel: 'KEYBRIDGE_LOG_LEVEL',
};
const keys = Object.keys(environmentNames) as Key[];

/**
 * The one place that reads the environment and the optional JSON config file (KEYBRIDGE_CONFIG).
 * Precedence: overrides, then environment, then the file, then defaults; paths derived from dataDir
 * (database, storage, secret key) follow the dataDir finally chosen unless set themselves.
 */
export function loadRegistryConfig(options: LoadRegistryConfigOptions = {}): RegistryConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const layers: Layer[] = [];

  const configFile = nonEmpty(env.KEYBRIDGE_CONFIG);
  if (configFile !== undefined) layers.push(readConfigFile(resolve(cwd, configFile)));

  const fromEnvironment: Partial<Record<Key, unknown>> = {};
  for (const key of keys) {
    const value = nonEmpty(env[environmentNames[key]]);
    if (value !== undefined) fromEnvironment[key] = value;
  }
  layers.push({ values: fromEnvironment, baseDir: cwd, origin: 'the environment' });
  if (options.overrides) layers.push({ values: { ...options.overrides }, baseDir: cwd, origin: 'overrides' });

  // The last layer that sets a key wins.
  const pick = (key: Key): { value: unknown; layer: Layer } | undefined => {
    for (let index = layers.length - 1; index >= 0; index--) {
      const layer = layers[index]!;
      if (layer.values[key] !== undefined) return { value: layer.values[key], layer };
    }
    return undefined;
  };
  const describe = (key: Key, layer: Layer) => (layer.origin === 'the environment' ? environmentNames[key] : `${key} (${layer.origin})`);

  const text = (key: Key, fallback: string): string => {
    const chosen = pick(key);
    if (!chosen) return fallback;
    if (typeof chosen.value !== 'string' || chosen.value === '') throw new RegistryConfigError(`${describe(key, chosen.layer)} must be a non-empty string`);
    return chosen.value;
  };
  const path = (key: Key, fallback: string): string => {
    const chosen = pick(key);
    if (!chosen) return fallback;
    if (typeof chosen.value !== 'string' || chosen.value === '') throw new RegistryConfigError(`${describe(key, chosen.layer)} must be a non-empty path`);
    return resolve(chosen.layer.baseDir, chosen.value);
  };
  const integer = (key: Key, fallback: number, min: number, max: number): number => {
    const chosen = pick(key);
    if (!chosen) return fallback;
    const value = typeof chosen.value === 'string' && /^\d+$/.test(chosen.value.trim()) ? Number(chosen.value.trim()) : chosen.value;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new RegistryConfigError(`${describe(key, chosen.layer)} must be an integer from ${min} to ${max}, not ${JSON.stringify(chosen.value)}`);
    }
    return value;
  };
  const oneOf = <T extends string>(key: Key, choices: readonly T[], fallback: T): T => {
    const chosen = pick(key);
    if (!chosen) return fallback;
    if (typeof chosen.value !== 'string' || !(choices as readonly string[]).includes(chosen.value.trim())) {
      throw new RegistryConfigError(`${describe(key, chosen.layer)} must be one of ${choices.join(', ')}, not ${JSON.stringify(chosen.value)}`);
    }
    return chosen.value.trim() as T;
  };
  const flag = (key: Key, fallback: boolean): boolean => {
    const chosen = pick(key);
    if (!chosen) return fallback;
    if (typeof chosen.value === 'boolean') return chosen.value;
    const word = typeof chosen.value === 'string' ? chosen.value.trim().toLowerCase() : '';
    if (['1', 'true', 'yes', 'on'].includes(word)) return true;
    if (['0', 'false', 'no', 'off'].includes(word)) return false;
    throw new RegistryConfigError(`${describe(key, chosen.layer)} must be true or false, not ${JSON.stringify(chosen.value)}`);
  };

  const host = text('host', '127.0.0.1');
  const port = integer('port', 8080, 0, 65535);
  const dataDir = path('dataDir', resolve(cwd, 'data'));
  const storageDir = path('storageDir', join(dataDir, 'files'));
  const storage = pick('storage') ? normalizeStorage(text('storage', ''), describe('storage', pick('storage')!.layer)) : null;
  const s3Endpoint = pick('s3Endpoint') ? normalizeEndpoint(text('s3Endpoint', ''), describe('s3Endpoint', pick('s3Endpoint')!.layer)) : null;
  const s3Region = pick('s3Region') ? text('s3Region', '').trim() : null;
  const s3ForcePathStyle = flag('s3ForcePathStyle', false);
  const filesRedirect = oneOf('filesRedirect', filesRedirects, 'stream');
  if (filesRedirect === 'presigned' && storage === null) {
    throw new RegistryConfigError(`${describe('filesRedirect', pick('filesRedirect')!.layer)}=presigned needs object storage (KEYBRIDGE_STORAGE=s3://bucket/prefix): local files have no presigned URLs`);
  }
  const secretKeyFile = path('secretKeyFile', join(dataDir, 'secret.key'));
  const maxUploadBytes = integer('maxUploadBytes', 100 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER);
  const trustProxy = flag('trustProxy', false);
  const tokenMaxLifetimeDays = integer('tokenMaxLifetimeDays', 0, 0, 36_500);
  const siteName = text('siteName', 'keybridge');
  const securityKeys = flag('securityKeys', true);
  const attestation = oneOf('attestation', attestationPolicies, 'none');
  const attestationTrustDir = pick('attestationTrustDir') ? path('attestationTrustDir', '') : null;
  const uploadAuth = oneOf('uploadAuth', uploadAuthPolicies, 'tokens-if-2fa');
  const signup = oneOf('signup', signupPolicies, 'open');
  const headersTimeoutMs = integer('headersTimeoutMs', 30_000, 100, 3_600_000);
  const keepAliveTimeoutMs = integer('keepAliveTimeoutMs', 5_000, 100, 3_600_000);
  const bodyTimeoutMs = integer('bodyTimeoutMs', 30_000, 100, 3_600_000);
  const maxConcurrentUploads = integer('maxConcurrentUploads', 32, 1, 100_000);
  // An upload's bytes are unreferenced from its put to its commit (seconds): an hour is far beyond that.
  const orphanGraceMs = integer('orphanGraceMs', 3_600_000, 1_000, 365 * 86_400_000);
  const orphanSweepIntervalMs = integer('orphanSweepIntervalMs', 3_600_000, 10, 86_400_000);
  const logLevel = oneOf('logLevel', logLevels, 'info');

  const chosenDatabase = pick('databaseUrl');
  const databaseUrl = chosenDatabase
    ? normalizeDatabaseUrl(text('databaseUrl', ''), chosenDatabase.layer.baseDir)
    : `sqlite:${join(dataDir, 'registry.sqlite3')}`;

  // Browsers refuse an IP address as WebAuthn RP ID: on the loopback default, the public name is localhost.
  const hostInUrl = host === '127.0.0.1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const publicUrl = normalizePublicUrl(text('publicUrl', `http://${hostInUrl}:${port}`), pick('publicUrl'));

  // Browsers refuse an IP address as a WebAuthn RP ID: security keys could never be added or used.
  const publicHost = new URL(publicUrl).hostname;
  if (securityKeys && (isIP(publicHost) !== 0 || /^\[.*\]$/.test(publicHost))) {
    throw new RegistryConfigError(
      `the public URL ${publicUrl} names an IP address, which browsers refuse for security keys (WebAuthn RP ID): set KEYBRIDGE_PUBLIC_URL to a host name (http://localhost:${port} on this machine), or turn security keys off with KEYBRIDGE_SECURITY_KEYS=off`,
    );
  }
  return {
    host,
    port,
    publicUrl,
    databaseUrl,
    dataDir,
    storageDir,
    storage,
    s3Endpoint,
    s3Region,
    s3ForcePathStyle,
    filesRedirect,
    maxUploadBytes,
    secretKeyFile,
    trustProxy,
    tokenMaxLifetimeDays,
    siteName,
    securityKeys,
    attestation,
    attestationTrustDir,
    uploadAuth,
    signup,
    headersTimeoutMs,
    keepAliveTimeoutMs,
    bodyTimeoutMs,
    maxConcurrentUploads,
    orphanGraceMs,
    orphanSweepIntervalMs,
    logLevel,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function normalizeStorage(value: string, name: string): string {
  try {
    const location = parseS3Location(value.trim());
    return `s3://${location.bucket}${location.prefix === '' ? '' : `/${location.prefix.slice(0, -1)}`}`;
  } catch (error) {
    throw new RegistryConfigError(`${name} must be s3://bucket/prefix: ${(error as Error).message}`);
  }
}

function normalizeEndpoint(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new RegistryConfigError(`${name} must be an http(s) URL, not ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RegistryConfigError(`${name} must be an http(s) URL, not ${JSON.stringify(value)}`);
  // Credentials belong in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, which are never logged; a URL may be.
  if (url.username !== '' || url.password !== '') throw new RegistryConfigError(`${name} must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
  return url.href.replace(/\/+$/, '');
}

function readConfigFile(file: string): Layer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new RegistryConfigError(`cannot read the config file ${file} (KEYBRIDGE_CONFIG): ${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RegistryConfigError(`the config file ${file} must hold a JSON object`);
  }
  for (const key of Object.keys(parsed)) {
    // A misspelt key would otherwise be ignored silently.
    if (!(keys as string[]).includes(key)) throw new RegistryConfigError(`the config file ${file} has an unknown key "${key}" (known: ${keys.join(', ')})`);
  }
  return { values: parsed as Partial<Record<Key, unknown>>, baseDir: dirname(file), origin: file };
}

function normalizeDatabaseUrl(value: string, baseDir: string): string {
  if (/^postgres(ql)?:\/\//i.test(value)) return value;
  const path = value.startsWith('sqlite:') ? value.slice('sqlite:'.length) : value;
  if (path === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new RegistryConfigError(`DATABASE_URL must be postgres://…, postgresql://… or a SQLite file path, not ${JSON.stringify(value)}`);
  }
  return `sqlite:${isAbsolute(path) ? path : resolve(baseDir, path)}`;
}

function normalizePublicUrl(value: string, chosen: { layer: Layer } | undefined): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RegistryConfigError(`${chosen?.layer.origin === 'the environment' ? 'KEYBRIDGE_PUBLIC_URL' : 'publicUrl'} must be an absolute http(s) URL, not ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RegistryConfigError(`the public URL must be http or https, not ${url.protocol}`);
  return url.href.replace(/\/+$/, '');
}
