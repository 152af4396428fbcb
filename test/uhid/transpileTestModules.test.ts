import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { transpileTestModules } from './transpileTestModules.mjs';

describe('transpileTestModules', () => {
  it('makes a test module and the modules it imports plain JavaScript, with import.meta.url still naming the source', async () => {
    const source = new URL('./bootLinuxGuest.ts', import.meta.url);
    const [output] = await transpileTestModules([source]);
    expect(output).toMatch(/\/test\/\.build\/js\/uhid\/bootLinuxGuest\.js$/);
    const text = await readFile(output!, 'utf8');
    expect(text).not.toContain('import.meta.url');
    expect(text).toContain(JSON.stringify(source.href));
    expect(text).not.toMatch(/: Promise<GuestRun>/);
    // Its relative import came along, so plain Node loads it (the benches do).
    await expect(readFile(join(dirname(output!), 'newcArchive.js'), 'utf8')).resolves.toContain('export function newcArchive');
    const loaded = (await import(pathToFileURL(output!).href)) as { qemuInstalled: () => boolean };
    expect(typeof loaded.qemuInstalled()).toBe('boolean');
  });

  it("loads a package's build for an import of that package's source, and refuses other imports from outside test/", async () => {
    const [output] = await transpileTestModules([new URL('../support/PostgresCluster.ts', import.meta.url)]);
    const text = await readFile(output!, 'utf8');
    expect(text).toContain("from \"../../../../packages/registry/dist/storage/isProcessAlive.js\"");
    const loaded = (await import(pathToFileURL(output!).href)) as { findPostgresBinaries: () => string | null };
    expect(loaded.findPostgresBinaries() === null || typeof loaded.findPostgresBinaries() === 'string').toBe(true);

    const stray = new URL('../.build/fixtures/importsOutsideTest.ts', import.meta.url);
    await mkdir(new URL('.', stray), { recursive: true });
    await writeFile(stray, "import { x } from '../../../scripts/x.js';\nexport const y = x;\n");
    await expect(transpileTestModules([stray])).rejects.toThrow(/imports \.\.\/\.\.\/\.\.\/scripts\/x\.js, outside test\/ and not a package's source/);
  });
});
