import type Router from '@koa/router';
import type { ParameterizedContext } from 'koa';
import type { Knex } from 'knex';
import type { ActiveSession } from '../accounts/ActiveSession.js';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import type { RegistryConfig } from '../config/RegistryConfig.js';
import type { DatabaseAvailability } from '../db/DatabaseAvailability.js';
import type { IndexChangeFeed } from '../simple/IndexChangeFeed.js';
import type { IndexPageCache } from '../simple/IndexPageCache.js';
import type { FileStorage } from '../storage/FileStorage.js';
import type { ApiTokenReader } from '../tokens/apiToken.js';

/** What routers and middleware are built with (and what every request sees in ctx.state). */
export interface RegistryDeps {
  config: RegistryConfig;
  db: Knex;
  /** The secret key (config.secretKeyFile): keys the CSRF token HMACs. */
  secretKey: Buffer;
  /** Derived from the secret key: the root keys of API tokens come from it (tokens/apiToken.ts). */
  tokensKey: Buffer;
  /** Reads and verifies API tokens under tokensKey, remembering those it accepted. */
  tokenReader: ApiTokenReader;
  /** The clock (epoch ms): Date.now, or a test's. Token expiry and rate-limit windows read it. */
  now: () => number;
  /** Uploaded files (see openFileStorage). */
  storage: FileStorage;
  /** Rendered Simple API and JSON API pages, served without a database query while indexChanges says they are current. */
  indexPages: IndexPageCache;
  /** Tells every process serving this database that a project's files changed (writers: announce, then committed). */
  indexChanges: IndexChangeFeed;
  /** Whether the database server can be reached: failures report to it, and it logs an outage once. */
  databaseAvailability: DatabaseAvailability;
}

/** ctx.state of every request. */
export interface RegistryState extends RegistryDeps {
  /** Set first by errorHandler; named in 500 answers and logs. */
  requestId: string;
  /** Set when the request has a valid, fully signed-in session cookie. */
  user?: AuthenticatedUser;
  /** Set for any valid session cookie, also one that still owes its second factor. */
  session?: ActiveSession;
  /** The user of a session that still owes its second factor (then `user` is unset). */
  pendingUser?: AuthenticatedUser;
}

export type RegistryContext = ParameterizedContext<RegistryState>;
export type RegistryRouter = Router<RegistryState>;
/** How a feature folder contributes routes: `create<Feature>Router(deps)`, listed in routers.ts. */
export type RegistryRouterFactory = (deps: RegistryDeps) => RegistryRouter;
