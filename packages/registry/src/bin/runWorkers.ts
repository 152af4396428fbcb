import cluster, { type Worker } from 'node:cluster';

/** What a worker tells the primary once its server listens. */
export interface WorkerListening {
  listening: string;
}

export interface RunWorkersOptions {
  /** Lines for the operator (the primary's standard output). */
  log: (line: string) => void;
  /** Ends the primary with an error (a worker that died before it ever listened: restarting it would loop). */
  fail: (message: string) => never;
}

/**
 * The primary of `serve --workers N` (node:cluster): forks `workers` processes that run this bin and share its port,
 * says "listening on" once the first one listens, forks a new one when one dies, and on SIGINT or SIGTERM sends
 * SIGTERM to each (each finishes its requests in flight) and exits once all have.
 */
export function runWorkers(workers: number, options: RunWorkersOptions): void {
  let stopping = false;
  let announced = false;
  const listened = new WeakSet<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: Partial<WorkerListening> | null) => {
      if (typeof message?.listening !== 'string') return;
      listened.add(worker);
      if (!announced) options.log(`listening on ${message.listening}`);
      announced = true;
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    const alive = Object.values(cluster.workers ?? {}).filter((other) => other !== undefined && !other.isDead());
    if (stopping) {
      if (alive.length === 0) process.exit(0);
      return;
    }
    if (!listened.has(worker)) {
      for (const other of alive) other?.process.kill('SIGTERM');
      options.fail(`a worker exited (${signal ?? `status ${code}`}) before it listened`);
    }
    options.log(`worker ${worker.process.pid} exited (${signal ?? `status ${code}`}); starting another`);
    fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined && !worker.isDead());
    if (alive.length === 0) process.exit(0);
    for (const worker of alive) worker?.process.kill('SIGTERM');
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  for (let index = 0; index < workers; index++) fork();
}
