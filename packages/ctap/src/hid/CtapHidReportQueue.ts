/** A reader waiting in `next`. */
type Waiter = { resolve(report: Uint8Array | undefined): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> };

/**
 * The receiving side of a CTAPHID transport: reports that arrive before anyone reads them are kept in order, and a
 * reader waits for the next one at most `timeoutMs`, as hid_read_timeout does. Beyond `limit` kept reports the
 * oldest is dropped, so a peer that nobody reads cannot grow memory. Timers only: no I/O.
 */
export class CtapHidReportQueue {
  private readonly reports: Uint8Array[] = [];
  private readonly waiters: Waiter[] = [];

  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  /** Hands `report` to the reader waiting longest, or keeps it for the next one. */
  push(report: Uint8Array): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(report);
      return;
    }
    if (this.reports.length >= this.limit) this.reports.shift();
    this.reports.push(report);
  }

  /** The oldest kept report, without waiting. */
  shift(): Uint8Array | undefined {
    return this.reports.shift();
  }

  /** The oldest kept report, else the next one pushed within `timeoutMs`, else `undefined`. */
  next(timeoutMs: number): Promise<Uint8Array | undefined> {
    const kept = this.reports.shift();
    if (kept) return Promise.resolve(kept);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          resolve(undefined);
        }, Math.max(0, timeoutMs)),
      };
      this.waiters.push(waiter);
    });
  }

  /** Rejects every waiting reader with `error`; kept reports stay. */
  rejectWaiting(error: Error): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  /** Drops the kept reports. */
  clear(): void {
    this.reports.length = 0;
  }
}
