/**
 * A function that runs a minor GC (a scavenge of the young generation), or null where none can be had: node exposes
 * `gc` only when started with --expose-gc (the bin and `npm start` do; flags set at run time are undefined behaviour,
 * so this never sets one).
 */
export function minorGarbageCollector(): (() => void) | null {
  const exposed: unknown = globalThis.gc;
  if (typeof exposed !== 'function') return null;
  const collect = exposed as NodeJS.GCFunction;
  return () => collect({ type: 'minor' });
}
