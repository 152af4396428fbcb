import { CtapClientError } from '../CtapClientError.js';

/** Waits `ms`; an abort of `signal` (before or during the wait) ends it with CtapClientError CANCELLED. */
export function delayUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new CtapClientError('CANCELLED', 'cancelled while waiting for the user', { cause: signal?.reason });
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
