import type { Clock } from './Clock.js';

/** Wall-clock time and Node timers: the clock everything uses unless a test injects another. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(callback, ms, options) {
    const timer = setTimeout(callback, ms);
    if (options?.background) timer.unref();
    return () => clearTimeout(timer);
  },
};
