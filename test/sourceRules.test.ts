import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Every .ts and .js file under `directory`, recursively, skipping node_modules and build output. */
function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(path);
    return /\.(ts|js)$/.test(entry.name) ? [path] : [];
  });
}

const packageSources = readdirSync(join(root, 'packages')).flatMap((name) => sources(join(root, 'packages', name, 'src')));
const everySource = [...packageSources, ...sources(join(root, 'test')), ...sources(join(root, 'bench'))];
/** The files (relative to the repository) whose text matches `pattern`, this file left out. */
const filesMatching = (files: string[], pattern: RegExp) =>
  files.filter((file) => !file.endsWith('sourceRules.test.ts') && pattern.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file));

describe('rules the sources keep', () => {
  it('sees the sources', () => {
    expect(packageSources.length).toBeGreaterThan(100);
  });

  // Node documents flags set after start as undefined behaviour ("crashes and data loss"): flags go on node's
  // command line (the bins' first lines, npm scripts) instead.
  it('never set V8 flags at run time in packages/*/src', () => {
    expect(filesMatching(packageSources, /setFlagsFromString/)).toEqual([]);
  });

  // Node 20's generateKeyPairSync returns KeyObjects that share a mutex with the keygen job, which hung the suite once
  // (see createKeyPair): every key pair comes from createKeyPair, in the sources, the tests and the benches.
  it('generate key pairs only through createKeyPair', () => {
    expect(filesMatching(everySource, /generateKeyPairSync/)).toEqual(['packages/ctap/src/keys/createKeyPair.ts']);
  });
});
