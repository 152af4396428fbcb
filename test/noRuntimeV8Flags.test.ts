import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packages = fileURLToPath(new URL('../packages/', import.meta.url));

/** Every .ts file under `directory`, recursively. */
function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('V8 flags', () => {
  // Node documents flags set after start as undefined behaviour ("crashes and data loss"): flags go on node's
  // command line (the bins' shebangs, npm scripts) instead.
  it('are never set at run time in packages/*/src', () => {
    const files = readdirSync(packages).flatMap((name) => {
      try {
        return sources(join(packages, name, 'src'));
      } catch {
        return [];
      }
    });
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter((file) => /setFlagsFromString/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
