import { minorGarbageCollector } from './minorGarbageCollector.js';
import { ReadBufferReclaimer } from './ReadBufferReclaimer.js';

/**
 * Measured on the registry during a 200 MB upload (RSS growth while the body streams): ~35 MiB with no collection,
 * ~12 MiB collecting every 8 MiB, 5–8.5 MiB every 4 MiB, no better every 2 MiB; throughput unchanged.
 */
export const uploadCollectEveryBytes = 4 * 1024 * 1024;

let shared: ReadBufferReclaimer | undefined;

/**
 * The process-wide reclaimer that every upload body feeds, so that concurrent uploads add up. It collects only where
 * node runs with --expose-gc (the bin's shebang, `npm start`); under a bare `node <bin>` it does nothing.
 */
export function uploadReadBufferReclaimer(): ReadBufferReclaimer {
  shared ??= new ReadBufferReclaimer({ everyBytes: uploadCollectEveryBytes, collect: minorGarbageCollector() });
  return shared;
}
