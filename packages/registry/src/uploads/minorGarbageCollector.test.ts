import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The compiled module (tsc -b runs before the tests), imported by a fresh node so that its flags are the test's.
const moduleUrl = new URL('../../dist/uploads/minorGarbageCollector.js', import.meta.url).href;

/** What minorGarbageCollector() gives in `node <nodeArgs>`: "null", or the GC kinds that calling it ran. */
async function collectorIn(nodeArgs: string[]): Promise<string> {
  const script = `
    import { PerformanceObserver, constants } from 'node:perf_hooks';
    import { minorGarbageCollector } from ${JSON.stringify(moduleUrl)};
    const collect = minorGarbageCollector();
    if (collect === null) {
      console.log('null');
    } else {
      const kinds = new Set();
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) kinds.add(entry.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR ? 'minor' : 'other');
      });
      observer.observe({ entryTypes: ['gc'] });
      collect();
      // GC entries are delivered asynchronously.
      setTimeout(() => { observer.disconnect(); console.log([...kinds].sort().join(',')); }, 100);
    }`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { env });
  return stdout.trim();
}

describe('minorGarbageCollector', () => {
  it('is null where node runs without --expose-gc', async () => {
    expect(await collectorIn([])).toBe('null');
  });

  it('runs a minor GC where node runs with --expose-gc', async () => {
    expect(await collectorIn(['--expose-gc'])).toMatch(/^minor(,other)?$/);
  });
});
