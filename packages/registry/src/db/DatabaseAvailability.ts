import type { Knex } from 'knex';
import { isDatabaseUnreachable } from './isDatabaseUnreachable.js';

export interface DatabaseAvailabilityOptions {
  /** Where the outage and the recovery are reported, one line each. */
  log: (line: string) => void;
  /** How often the database is tried while unreachable (default 1 s). */
  probeIntervalMs?: number;
}

/**
 * Whether the database server is reachable, as the last failed request and the probes since tell. A request that
 * fails because the server cannot be reached reports it here; the first such failure logs the outage and starts
 * probing (`select 1`) until the database answers, which logs the recovery: one line per change of state, however
 * many requests fail in between.
 */
export class DatabaseAvailability {
  readonly #db: Knex;
  readonly #options: DatabaseAvailabilityOptions;
  #unreachableSince: number | undefined;
  #probeTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(db: Knex, options: DatabaseAvailabilityOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** False from the first failure that says the server cannot be reached until a probe reaches it again. */
  get reachable(): boolean {
    return this.#unreachableSince === undefined;
  }

  /** Records a request's failure: true (and the outage noted) when `error` says the database cannot be reached. */
  failed(error: unknown): boolean {
    if (!isDatabaseUnreachable(error)) return false;
    if (this.#unreachableSince === undefined && !this.#closed) {
      this.#unreachableSince = Date.now();
      this.#options.log(`the database is unreachable (${describe(error)}); requests that need it are answered 503 until it is back`);
      this.#scheduleProbe();
    }
    return true;
  }

  /** Stops probing. Idempotent. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#probeTimer);
  }

  #scheduleProbe(): void {
    this.#probeTimer = setTimeout(() => void this.#probe(), this.#options.probeIntervalMs ?? 1000);
    this.#probeTimer.unref();
  }

  async #probe(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#db.raw('select 1');
    } catch {
      if (!this.#closed) this.#scheduleProbe();
      return;
    }
    const seconds = ((Date.now() - (this.#unreachableSince ?? Date.now())) / 1000).toFixed(1);
    this.#unreachableSince = undefined;
    this.#options.log(`the database is reachable again, after ${seconds} s`);
  }
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return [code, message].filter((part) => typeof part === 'string' && part !== '').join(': ');
}
