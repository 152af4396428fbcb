import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { createApp } from '../app/createApp.js';
import type { RegistryDeps, RegistryState } from '../app/RegistryState.js';
import type { RegistryConfig } from '../config/RegistryConfig.js';
import { loadSecretKey } from '../config/loadSecretKey.js';
import { migrateDatabase } from '../db/migrateDatabase.js';
import { openDatabase } from '../db/openDatabase.js';
import { createRegistryLogger } from '../logging/createRegistryLogger.js';
import { guardConnections } from './guardConnections.js';
import type { IndexChangeFeed } from '../simple/IndexChangeFeed.js';
import { openIndexChangeFeed } from '../simple/openIndexChangeFeed.js';
import { IndexPageCache } from '../simple/IndexPageCache.js';
import { DatabaseAvailability } from '../db/DatabaseAvailability.js';
import type { FileStorage } from '../storage/FileStorage.js';
import { openFileStorage } from '../storage/openFileStorage.js';
import { sweepOrphanedFiles } from '../storage/sweepOrphanedFiles.js';
import { ApiTokenReader, deriveTokensKey } from '../tokens/apiToken.js';
import { attestationTrustFor } from '../twoFactor/webauthn/attestationTrust.js';

export interface StartRegistryOptions {
  config: RegistryConfig;
  /** Apply pending migrations before listening (default true). */
  migrate?: boolean;
  /** Where unexpected request errors are logged (default stderr). */
  log?: (line: string) => void;
  /** The structured logger (pino): access log, and errors when `log` is not given (default JSON on stdout, pino-pretty on a terminal). */
  logger?: Logger;
  /** Where files are stored (default the one config names: see openFileStorage). */
  storage?: FileStorage;
  /** How long close() lets requests in flight finish before cutting their connections (default 10 s). */
  shutdownGraceMs?: number;
  /** The clock, epoch ms (default Date.now): tests move it instead of sleeping. */
  now?: () => number;
}

export interface RunningRegistry {
  /** http://host:port, with the port actually bound (config.port may be 0; then config.publicUrl names this port too, unless set). */
  url: string;
  host: string;
  port: number;
  config: RegistryConfig;
  db: Knex;
  storage: FileStorage;
  /** The rendered Simple API and JSON API pages of this process. */
  indexPages: IndexPageCache;
  /** Writers that bypass the upload API (tools, tests) announce their changes here too. */
  indexChanges: IndexChangeFeed;
  databaseAvailability: DatabaseAvailability;
  app: Koa<RegistryState>;
  server: Server;
  /** Stops accepting connections, lets requests in flight finish (up to the grace period), closes the database. Idempotent. */
  close(): Promise<void>;
}

function withPort(publicUrl: string, port: number): string {
  const url = new URL(publicUrl);
  url.port = String(port);
  return url.href.replace(/\/+$/, '');
}

/** Opens the database (migrating it) and the file storage, builds the app and listens on config.host:config.port. */
export async function startRegistry(options: StartRegistryOptions): Promise<RunningRegistry> {
  const { config } = options;
  const secretKey = loadSecretKey(config.secretKeyFile);
  // A bad trust directory stops the registry now, in one line, rather than failing the first key added.
  if (config.attestationTrustDir !== null) await attestationTrustFor(config.attestationTrustDir);
  const logger = options.logger ?? createRegistryLogger({ level: config.logLevel });
  const accessLogger = options.logger ?? createRegistryLogger({ level: config.logLevel, buffered: true });
  // Buffered access lines reach the log within a second on a quiet server.
  const accessLogFlush = setInterval(() => accessLogger.flush(), 1000);
  accessLogFlush.unref();
  const errorLog = options.log ?? ((line: string) => logger.error({ kind: 'error' }, line));
  const db = openDatabase(config);
  let server: Server | undefined;
  let indexChanges: IndexChangeFeed | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let databaseAvailability: DatabaseAvailability | undefined;
  try {
    if (options.migrate !== false) await migrateDatabase(db);
    const storage = options.storage ?? openFileStorage(config);
    // Temporary files of uploads cut short by a crash, and stored files of uploads killed before their rows were
    // committed: never visible, but they take space. At start, then every orphanSweepIntervalMs.
    const sweep = async () => {
      const temporaryFiles = await storage.removeStaleTemporaryFiles();
      const removed = await sweepOrphanedFiles(db, storage, { graceMs: config.orphanGraceMs });
      if (temporaryFiles > 0 || removed.length > 0) {
        logger.info({ kind: 'storage.sweep', temporaryFiles, orphanedFiles: removed.length, keys: removed }, `removed ${removed.length} unreferenced stored file(s) and ${temporaryFiles} stale temporary file(s)`);
      }
    };
    await sweep();
    let sweeping: Promise<void> | undefined;
    sweepTimer = setInterval(() => {
      if (sweeping) return;
      sweeping = sweep()
        .catch((error: unknown) => errorLog(`storage sweep failed: ${(error as Error).stack ?? String(error)}`))
        .finally(() => {
          sweeping = undefined;
        });
    }, config.orphanSweepIntervalMs);
    sweepTimer.unref();
    const waitForSweep = () => sweeping ?? Promise.resolve();
    const indexPages = new IndexPageCache();
    databaseAvailability = new DatabaseAvailability(db, { log: errorLog });
    indexChanges = await openIndexChangeFeed(db, indexPages, { log: errorLog });
    const feed = indexChanges;
    // Headers timeouts are checked on this interval: a quarter of the timeout, at most Node's default 30 s.
    server = createServer({ connectionsCheckingInterval: Math.min(30_000, Math.max(25, Math.floor(config.headersTimeoutMs / 4))) });
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(config.port, config.host, () => {
        listening.off('error', reject);
        resolve();
      });
    });
    const address = listening.address() as AddressInfo;
    const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${hostInUrl}:${address.port}`;
    // With port 0 the public URL derived from host:port named port 0: name the port actually bound instead.
    const finalConfig = config.port === 0 && new URL(config.publicUrl).port === '0' ? { ...config, publicUrl: withPort(config.publicUrl, address.port) } : config;
    const tokensKey = deriveTokensKey(secretKey);
    const deps: RegistryDeps = {
      config: finalConfig,
      db,
      secretKey,
      tokensKey,
      tokenReader: new ApiTokenReader(tokensKey),
      now: options.now ?? Date.now,
      storage,
      indexPages,
      indexChanges: feed,
      databaseAvailability,
    };
    const app = createApp(deps, { log: errorLog, logger: accessLogger });
    // Attached before any connection is served (they are handled on later turns of the event loop).
    listening.on('request', guardConnections(listening, finalConfig, app.callback()));
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        clearInterval(sweepTimer);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => listening.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
          timer.unref();
          listening.close(() => {
            clearTimeout(timer);
            resolve();
          });
          listening.closeIdleConnections();
        });
        await waitForSweep();
        await feed.close();
        databaseAvailability?.close();
        await db.destroy();
        // The access log is buffered: what is still in the buffer goes out before the process may exit.
        clearInterval(accessLogFlush);
        await new Promise<void>((resolve) => accessLogger.flush(() => resolve()));
      })());
    return { url, host: address.address, port: address.port, config: finalConfig, db, storage, indexPages, indexChanges: feed, databaseAvailability, app, server: listening, close };
  } catch (error) {
    clearInterval(sweepTimer);
    server?.close();
    await indexChanges?.close();
    databaseAvailability?.close();
    await db.destroy();
    throw error;
  }
}
