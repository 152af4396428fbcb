/**
 * Runs work one piece at a time, in the order given: each starts when the one before it has settled, whether
 * it succeeded or failed (a failure is its caller's, never the next one's).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
