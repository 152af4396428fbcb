import { Worker } from 'node:worker_threads';
import type { PasswordHasherReply, PasswordHasherRequest } from './PasswordHasherMessage.js';
import { PasswordHasherError } from './PasswordHasherError.js';

export interface PasswordHasherPoolOptions {
  /** The worker's entry module (passwordHasherWorker.js in the build). */
  workerUrl: URL;
  /** At most this many worker threads, each started when a request finds all the others busy. */
  size: number;
}

interface Job {
  request: PasswordHasherRequest;
  resolve: (value: string | boolean) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  gone: boolean;
}

/**
 * argon2 on a few dedicated worker threads instead of the libuv thread pool: at most `size` hashes (19 MiB each) run
 * at once, and the pool stays free for the file I/O of uploads. Each worker runs one request at a time; a request
 * goes to the first idle worker in start order, so another worker starts only when hashes overlap. Workers are
 * unref'd while idle: they never keep the process alive. A worker that crashes fails only the request it was
 * running (PasswordHasherError, a server fault); the next request starts a new worker.
 */
export class PasswordHasherPool {
  private readonly workerUrl: URL;
  private readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];

  constructor(options: PasswordHasherPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`size must be a positive integer, got ${options.size}`);
    this.workerUrl = options.workerUrl;
    this.size = options.size;
  }

  /** The argon2id PHC string of `password`, with a random salt. */
  async hash(password: string): Promise<string> {
    const value = await this.run({ op: 'hash', password });
    if (typeof value !== 'string') throw new PasswordHasherError('password_hasher_failed', 'The password hashing worker answered a hash request with no hash.');
    return value;
  }

  /** Whether `password` matches the PHC string `passwordHash`; false for a malformed one. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    const value = await this.run({ op: 'verify', passwordHash, password });
    if (typeof value !== 'boolean') throw new PasswordHasherError('password_hasher_failed', 'The password hashing worker answered a verify request with no boolean.');
    return value;
  }

  /** How many worker threads are running. */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Stops every worker (requests in flight fail with PasswordHasherError); later requests start new ones. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private run(request: PasswordHasherRequest): Promise<string | boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((candidate) => candidate.job === null) ?? (this.slots.length < this.size ? this.start() : null);
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      // Busy: keep the process alive until the answer comes (a CLI awaiting a hash has nothing else running).
      slot.worker.ref();
      slot.worker.postMessage(job.request);
    }
  }

  private start(): Slot {
    // No node options of the process (--input-type, loaders, --require …): the worker only hashes.
    const worker = new Worker(this.workerUrl, { execArgv: [] });
    const slot: Slot = { worker, job: null, gone: false };
    this.slots.push(slot);
    worker.on('message', (reply: PasswordHasherReply) => {
      const job = slot.job;
      if (!job || slot.gone) return;
      slot.job = null;
      worker.unref();
      if (reply.ok) job.resolve(reply.value);
      else job.reject(new PasswordHasherError('password_hasher_failed', `The password hashing worker failed: ${reply.message}`));
      this.dispatch();
    });
    worker.on('messageerror', (error) => {
      this.remove(slot, new PasswordHasherError('password_hasher_failed', 'The password hashing worker sent an unreadable answer.', { cause: error }));
      void worker.terminate();
    });
    worker.on('error', (error) => this.remove(slot, new PasswordHasherError('password_hasher_crashed', `The password hashing worker crashed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.remove(slot, new PasswordHasherError('password_hasher_crashed', `The password hashing worker stopped (exit code ${code}).`)));
    return slot;
  }

  /** Takes a dead worker out of the pool, failing its request in flight; queued requests go to other workers. */
  private remove(slot: Slot, error: PasswordHasherError): void {
    if (slot.gone) return;
    slot.gone = true;
    this.slots.splice(this.slots.indexOf(slot), 1);
    const job = slot.job;
    slot.job = null;
    job?.reject(error);
    this.dispatch();
  }
}
