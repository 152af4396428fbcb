import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRegistryConfig } from './loadRegistryConfig.js';
import { RegistryConfigError } from './RegistryConfigError.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function configFile(contents: unknown): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'keybridge-config-'));
  directories.push(dir);
  const file = join(dir, 'registry.json');
  writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return { dir, file };
}

describe('loadRegistryConfig', () => {
  it('defaults to 127.0.0.1:8080 with SQLite, files and the secret key under ./data', () => {
    expect(loadRegistryConfig({ env: {}, cwd: '/srv/registry' })).toEqual({
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://localhost:8080',
      databaseUrl: 'sqlite:/srv/registry/data/registry.sqlite3',
      dataDir: '/srv/registry/data',
      storageDir: '/srv/registry/data/files',
      storage: null,
      s3Endpoint: null,
      s3Region: null,
      s3ForcePathStyle: false,
      filesRedirect: 'stream',
      maxUploadBytes: 100 * 1024 * 1024,
      secretKeyFile: '/srv/registry/data/secret.key',
      trustProxy: false,
      tokenMaxLifetimeDays: 0,
      siteName: 'keybridge',
      securityKeys: true,
      attestation: 'none',
      attestationTrustDir: null,
      uploadAuth: 'tokens-if-2fa',
      signup: 'open',
      headersTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      bodyTimeoutMs: 30_000,
      maxConcurrentUploads: 32,
      orphanGraceMs: 3_600_000,
      orphanSweepIntervalMs: 3_600_000,
      logLevel: 'info',
    });
  });

  it('takes the environment over the file, and the file over the defaults', () => {
    const { dir, file } = configFile({ host: '0.0.0.0', port: 9000, maxUploadBytes: 1000, dataDir: 'state', trustProxy: true, securityKeys: false });
    const fileOnly = loadRegistryConfig({ env: { KEYBRIDGE_CONFIG: file }, cwd: '/elsewhere' });
    expect(fileOnly).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      maxUploadBytes: 1000,
      trustProxy: true,
      // Relative paths in the file are relative to the file.
      dataDir: join(dir, 'state'),
      storageDir: join(dir, 'state', 'files'),
      databaseUrl: `sqlite:${join(dir, 'state', 'registry.sqlite3')}`,
      publicUrl: 'http://0.0.0.0:9000',
    });

    const both = loadRegistryConfig({
      env: { KEYBRIDGE_CONFIG: file, KEYBRIDGE_PORT: '9100', KEYBRIDGE_DATA_DIR: 'var', KEYBRIDGE_TRUST_PROXY: 'false', KEYBRIDGE_PUBLIC_URL: 'https://pypi.example.org/' },
      cwd: '/elsewhere',
    });
    expect(both).toMatchObject({
      host: '0.0.0.0',
      port: 9100,
      maxUploadBytes: 1000,
      trustProxy: false,
      dataDir: '/elsewhere/var',
      storageDir: '/elsewhere/var/files',
      secretKeyFile: '/elsewhere/var/secret.key',
      publicUrl: 'https://pypi.example.org',
    });
  });

  it('reads every documented environment variable', () => {
    const config = loadRegistryConfig({
      cwd: '/work',
      env: {
        KEYBRIDGE_HOST: '::1',
        KEYBRIDGE_PORT: '0',
        DATABASE_URL: 'postgres://registry@db.internal/registry',
        KEYBRIDGE_DATA_DIR: '/var/lib/keybridge',
        KEYBRIDGE_STORAGE_DIR: '/mnt/files',
        KEYBRIDGE_MAX_UPLOAD_BYTES: '2048',
        KEYBRIDGE_SECRET_KEY_FILE: 'secrets/key',
        KEYBRIDGE_TRUST_PROXY: 'yes',
        KEYBRIDGE_TOKEN_MAX_LIFETIME_DAYS: '90',
        KEYBRIDGE_SITE_NAME: 'Example Packages',
        KEYBRIDGE_SECURITY_KEYS: 'off',
        KEYBRIDGE_ATTESTATION: 'trusted',
        KEYBRIDGE_ATTESTATION_TRUST_DIR: 'trust',
        KEYBRIDGE_UPLOAD_AUTH: 'tokens-only',
        KEYBRIDGE_SIGNUP: 'closed',
        KEYBRIDGE_HEADERS_TIMEOUT_MS: '10000',
        KEYBRIDGE_KEEP_ALIVE_TIMEOUT_MS: '2000',
        KEYBRIDGE_BODY_TIMEOUT_MS: '15000',
        KEYBRIDGE_MAX_CONCURRENT_UPLOADS: '4',
        KEYBRIDGE_ORPHAN_GRACE_MS: '7200000',
        KEYBRIDGE_ORPHAN_SWEEP_INTERVAL_MS: '600000',
        KEYBRIDGE_LOG_LEVEL: 'warn',
        KEYBRIDGE_STORAGE: 's3://packages.example/registry/files/',
        KEYBRIDGE_S3_ENDPOINT: 'https://minio.internal:9000/',
        KEYBRIDGE_S3_REGION: 'eu-west-1',
        KEYBRIDGE_S3_FORCE_PATH_STYLE: 'yes',
        KEYBRIDGE_FILES_REDIRECT: 'presigned',
      },
    });
    expect(config).toEqual({
      host: '::1',
      port: 0,
      publicUrl: 'http://[::1]:0',
      databaseUrl: 'postgres://registry@db.internal/registry',
      dataDir: '/var/lib/keybridge',
      storageDir: '/mnt/files',
      storage: 's3://packages.example/registry/files',
      s3Endpoint: 'https://minio.internal:9000',
      s3Region: 'eu-west-1',
      s3ForcePathStyle: true,
      filesRedirect: 'presigned',
      maxUploadBytes: 2048,
      secretKeyFile: '/work/secrets/key',
      trustProxy: true,
      tokenMaxLifetimeDays: 90,
      siteName: 'Example Packages',
      securityKeys: false,
      attestation: 'trusted',
      attestationTrustDir: '/work/trust',
      uploadAuth: 'tokens-only',
      signup: 'closed',
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 2_000,
      bodyTimeoutMs: 15_000,
      maxConcurrentUploads: 4,
      orphanGraceMs: 7_200_000,
      orphanSweepIntervalMs: 600_000,
      logLevel: 'warn',
    });
  });

  it('refuses a public URL on an IP address while security keys are on, and says what to do', () => {
    expect(() => loadRegistryConfig({ env: { KEYBRIDGE_HOST: '0.0.0.0' }, cwd: '/w' })).toThrow(
      /the public URL http:\/\/0\.0\.0\.0:8080 names an IP address.*KEYBRIDGE_PUBLIC_URL.*KEYBRIDGE_SECURITY_KEYS=off/,
    );
    expect(() => loadRegistryConfig({ env: { KEYBRIDGE_PUBLIC_URL: 'http://[::1]:8080' }, cwd: '/w' })).toThrow(RegistryConfigError);
    expect(loadRegistryConfig({ env: { KEYBRIDGE_HOST: '0.0.0.0', KEYBRIDGE_PUBLIC_URL: 'https://pypi.example.org' }, cwd: '/w' }).publicUrl).toBe('https://pypi.example.org');
    expect(loadRegistryConfig({ env: {}, cwd: '/w', overrides: { host: '127.0.0.1', port: 0 } }).publicUrl).toBe('http://localhost:0');
    expect(() => loadRegistryConfig({ env: { KEYBRIDGE_ATTESTATION: 'some' }, cwd: '/w' })).toThrow(/KEYBRIDGE_ATTESTATION must be one of none, any, trusted/);
  });

  it('lets overrides win over the environment', () => {
    const config = loadRegistryConfig({ env: { KEYBRIDGE_PORT: '9999', DATABASE_URL: 'other.sqlite3' }, cwd: '/w', overrides: { port: 0, databaseUrl: 'sqlite:/tmp/x.sqlite3' } });
    expect(config.port).toBe(0);
    expect(config.databaseUrl).toBe('sqlite:/tmp/x.sqlite3');
    expect(loadRegistryConfig({ env: { DATABASE_URL: 'relative.sqlite3' }, cwd: '/w' }).databaseUrl).toBe('sqlite:/w/relative.sqlite3');
  });

  it.each([
    [{ KEYBRIDGE_PORT: '80a' }, 'KEYBRIDGE_PORT must be an integer from 0 to 65535, not "80a"'],
    [{ KEYBRIDGE_PORT: '70000' }, 'KEYBRIDGE_PORT must be an integer from 0 to 65535, not "70000"'],
    [{ KEYBRIDGE_MAX_UPLOAD_BYTES: '0' }, 'KEYBRIDGE_MAX_UPLOAD_BYTES must be an integer from 1'],
    [{ KEYBRIDGE_TRUST_PROXY: 'maybe' }, 'KEYBRIDGE_TRUST_PROXY must be true or false, not "maybe"'],
    [{ KEYBRIDGE_PUBLIC_URL: 'registry.example' }, 'KEYBRIDGE_PUBLIC_URL must be an absolute http(s) URL'],
    [{ KEYBRIDGE_PUBLIC_URL: 'ftp://registry.example' }, 'the public URL must be http or https'],
    [{ DATABASE_URL: 'mysql://db/registry' }, 'DATABASE_URL must be postgres://…, postgresql://… or a SQLite file path'],
    [{ KEYBRIDGE_STORAGE: '/srv/files' }, 'KEYBRIDGE_STORAGE must be s3://bucket/prefix: expected s3://bucket/prefix, not "/srv/files"'],
    [{ KEYBRIDGE_STORAGE: 's3://Bad_Bucket/x' }, 'KEYBRIDGE_STORAGE must be s3://bucket/prefix: "Bad_Bucket" is not a valid bucket name'],
    [{ KEYBRIDGE_STORAGE: 's3://bucket/../x' }, 'KEYBRIDGE_STORAGE must be s3://bucket/prefix: "../x" is not a valid key prefix'],
    [{ KEYBRIDGE_STORAGE: 's3://bucket', KEYBRIDGE_S3_ENDPOINT: 'http://key:secret@minio:9000' }, 'KEYBRIDGE_S3_ENDPOINT must not hold credentials'],
    [{ KEYBRIDGE_FILES_REDIRECT: 'presigned' }, 'KEYBRIDGE_FILES_REDIRECT=presigned needs object storage'],
    [{ KEYBRIDGE_CONFIG: '/nonexistent/keybridge.json' }, 'cannot read the config file /nonexistent/keybridge.json (KEYBRIDGE_CONFIG): no such file'],
  ])('refuses %j', (env, message) => {
    expect(() => loadRegistryConfig({ env, cwd: '/w' })).toThrow(RegistryConfigError);
    expect(() => loadRegistryConfig({ env, cwd: '/w' })).toThrow(message);
  });

  it('refuses a config file that is not a JSON object, has an unknown key or a value of the wrong type', () => {
    expect(() => loadRegistryConfig({ env: { KEYBRIDGE_CONFIG: configFile('{"port": ').file } })).toThrow(/cannot read the config file .*JSON/);
    expect(() => loadRegistryConfig({ env: { KEYBRIDGE_CONFIG: configFile([1]).file } })).toThrow('must hold a JSON object');
    expect(() => loadRegistryConfig({ env: { KEYBRIDGE_CONFIG: configFile({ prot: 1 }).file } })).toThrow('has an unknown key "prot"');
    expect(() => loadRegistryConfig({ env: { KEYBRIDGE_CONFIG: configFile({ host: 5 }).file } })).toThrow('host (');
  });
});
