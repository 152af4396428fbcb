/**
 * Time as the protocol code sees it: what time it is, and "call me back in `ms`". Injected so that tests run
 * timeouts, grace periods and backoffs on a virtual clock instead of waiting for real time to pass.
 */
export interface Clock {
  now(): number;
  /**
   * Calls `callback` once after `ms`; the returned function cancels it (harmless once it has run). A
   * `background` timer does not keep the process alive on its own (a device's housekeeping, not a caller's wait).
   */
  schedule(callback: () => void, ms: number, options?: { background?: boolean }): () => void;
}
