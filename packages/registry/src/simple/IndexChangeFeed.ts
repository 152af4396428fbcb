import type { Knex } from 'knex';

/** A change announced in a transaction, to pass to committed() after the commit. */
export interface IndexChange {
  normalizedName: string;
  /** Tells this change's acknowledgements apart (PostgreSQL); empty where there are none. */
  id: string;
}

/**
 * How the processes serving one database tell each other that a project's files changed, so that each one's
 * IndexPageCache never serves a page older than a committed change. A writer calls announce() inside its
 * transaction and committed() after the commit (before answering); readers call isCurrent() before every lookup.
 */
export interface IndexChangeFeed {
  /**
   * Whether cached pages may be served now. Applies first any change another process committed that this one can
   * see synchronously (it clears the cache). False while the feed cannot see changes (then nothing is cached).
   */
  isCurrent(): boolean;
  /** Inside the transaction that changes `normalizedName`'s files (or on `db` itself after a write without one). */
  announce(trx: Knex, normalizedName: string): Promise<IndexChange>;
  /**
   * After the commit of what announce() answered: this process's pages of the project go, and once this resolves no
   * other process serves them either (answer the client after it).
   */
  committed(change: IndexChange): Promise<void>;
  /** Stops listening. Idempotent. */
  close(): Promise<void>;
}
