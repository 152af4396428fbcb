import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let found: { collect: (() => void) | null } | undefined;

/**
 * A function that runs a minor GC (a scavenge of the young generation), or null where none can be had. Found once:
 * `globalThis.gc` when node runs with --expose-gc, else the `gc` of a new context made while --expose-gc is briefly
 * set (then unset again, so that no later context gets a `gc` global).
 */
export function minorGarbageCollector(): (() => void) | null {
  found ??= { collect: find() };
  return found.collect;
}

function find(): (() => void) | null {
  const exposed = globalThis.gc ?? exposeGc();
  if (typeof exposed !== 'function') return null;
  return () => exposed({ type: 'minor' });
}

function exposeGc(): NodeJS.GCFunction | undefined {
  try {
    setFlagsFromString('--expose-gc');
    try {
      return runInNewContext('typeof gc === "function" ? gc : undefined') as NodeJS.GCFunction | undefined;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  } catch {
    return undefined;
  }
}
