import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import type { IndexChange, IndexChangeFeed } from './IndexChangeFeed.js';
import type { IndexPageCache } from './IndexPageCache.js';

/** The channel every process LISTENs on; a payload is `<change id> <normalized name of the project that changed>`. */
export const indexChangeChannel = 'keybridge_index';
/** Where each listener acknowledges a change once its cache dropped it: `<change id> <its backend pid>`. */
export const indexAckChannel = 'keybridge_index_ack';
/** The listening connection's application_name (pg_stat_activity), so that operators can tell it apart. */
export const indexListenerApplicationName = 'keybridge-index-listener';

export interface PostgresIndexChangeFeedOptions {
  /** What pg.Client connects with (the knex connection settings). */
  connection: pg.ClientConfig;
  cache: IndexPageCache;
  /** Where a lost or refused listening connection is reported (default stderr). */
  log?: (line: string) => void;
  /** Pause before connecting again after losing the connection (default 1 s). */
  reconnectDelayMs?: number;
  /** Longest committed() waits for every listener's acknowledgement (default 2 s; a hung process must not stall uploads). */
  ackTimeoutMs?: number;
}

/**
 * The IndexChangeFeed of PostgreSQL: one dedicated connection per process LISTENs on `keybridge_index`; writers
 * NOTIFY inside their transaction, so the notification is sent exactly when (and only if) the change commits. Delivery
 * is asynchronous, so every listener acknowledges a change (NOTIFY keybridge_index_ack) after dropping its pages, and
 * the writer's committed() waits for the acknowledgements of every listening connection of the database (seen in
 * pg_stat_activity) before the upload is answered: no process serves the old page after that. While this process's
 * connection is down nothing is cached (every page comes from the database, or the last cached one if the database
 * cannot be reached either); once it is back the cache starts empty, since notifications sent meanwhile are lost.
 */
export class PostgresIndexChangeFeed implements IndexChangeFeed {
  readonly #options: PostgresIndexChangeFeedOptions;
  #client: pg.Client | undefined;
  #listening = false;
  /** Lost (or never had) the listening connection, and said so. */
  #down = false;
  #closed = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  /** Acknowledgements (backend pids) of the changes this process announced, by change id. */
  readonly #acks = new Map<string, { pids: Set<number>; arrived: () => void }>();
  /** The listening connection's queries run one after another (pg deprecates a query while one is running). */
  #queries: Promise<unknown> = Promise.resolve();

  constructor(options: PostgresIndexChangeFeedOptions) {
    this.#options = options;
  }

  /** Connects and LISTENs; on failure, reports it and tries again later (the cache stays off meanwhile). */
  async start(): Promise<void> {
    if (this.#closed || this.#client !== undefined) return;
    const client = new pg.Client({ ...this.#options.connection, application_name: indexListenerApplicationName });
    this.#client = client;
    this.#queries = Promise.resolve();
    const lost = (error?: Error) => {
      if (this.#client !== client) return;
      this.#client = undefined;
      this.#listening = false;
      // The pages stay, not served while this is down, except as stale pages when the database cannot be reached
      // (readIndexPage); start() drops them once listening again.
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.#closed) return;
      // Once per outage, not once per attempt to reconnect.
      if (!this.#down) {
        this.#down = true;
        this.#log(`the connection listening for index changes ${error ? `failed: ${error.message}` : 'ended'}; the page cache is off until it is back`);
      }
      this.#reconnectTimer = setTimeout(() => {
        this.#reconnectTimer = undefined;
        void this.start();
      }, this.#options.reconnectDelayMs ?? 1000);
      this.#reconnectTimer.unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      const [id = '', detail = ''] = (message.payload ?? '').split(' ');
      if (message.channel === indexAckChannel) {
        const waiting = this.#acks.get(id);
        waiting?.pids.add(Number(detail));
        waiting?.arrived();
        return;
      }
      if (message.channel !== indexChangeChannel) return;
      if (detail !== '') this.#options.cache.invalidate(detail);
      else this.#options.cache.clear();
      this.#serially(() => client.query('select pg_notify($1, $2)', [indexAckChannel, `${id} ${backendPid}`])).catch(() => undefined);
    });
    let backendPid = 0;
    try {
      await client.connect();
      backendPid = Number((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid);
      await client.query(`LISTEN ${indexChangeChannel}; LISTEN ${indexAckChannel}`);
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (this.#client !== client) return;
    // Pages cached before (none, unless reconnecting) may have missed notifications.
    this.#options.cache.clear();
    this.#listening = true;
    if (this.#down) {
      this.#down = false;
      this.#log('listening for index changes again; the page cache is back on');
    }
  }

  isCurrent(): boolean {
    return this.#listening;
  }

  async announce(trx: Knex, normalizedName: string): Promise<IndexChange> {
    const id = randomBytes(9).toString('base64url');
    const waiting = { pids: new Set<number>(), arrived: () => undefined };
    this.#acks.set(id, waiting);
    // Forgotten if the transaction never commits.
    setTimeout(() => this.#acks.delete(id), 60_000).unref();
    await trx.raw('select pg_notify(?, ?)', [indexChangeChannel, `${id} ${normalizedName}`]);
    return { normalizedName, id };
  }

  async committed(change: IndexChange): Promise<void> {
    this.#options.cache.invalidate(change.normalizedName);
    const waiting = this.#acks.get(change.id);
    const client = this.#client;
    if (waiting === undefined || client === undefined || !this.#listening) return;
    try {
      const listeners = await this.#serially(() =>
        client.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1 and datname = current_database()', [indexListenerApplicationName]),
      );
      const expected = listeners.rows.map((row) => Number(row.pid));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#options.ackTimeoutMs ?? 2000);
        waiting.arrived = () => {
          if (expected.every((pid) => waiting.pids.has(pid))) {
            clearTimeout(timer);
            resolve();
          }
        };
        waiting.arrived();
      });
    } catch {
      // The connection failed: this process's cache is off until it is back; the others were notified on commit.
    } finally {
      this.#acks.delete(change.id);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listening = false;
    clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    this.#client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  #serially<T>(query: () => Promise<T>): Promise<T> {
    const result = this.#queries.then(query);
    this.#queries = result.catch(() => undefined);
    return result;
  }

  #log(line: string): void {
    if (this.#options.log) this.#options.log(line);
    else process.stderr.write(`keybridge-registry: ${line}\n`);
  }
}
