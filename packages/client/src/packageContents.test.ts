import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('what @keybridge/client publishes', () => {
  it('holds the build and its sources, but no test-only code (ctap2/testing) and no tests', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageDir, encoding: 'utf8' })) as [
      { files: { path: string }[] },
    ];
    const paths = packed.files.map((file) => file.path);
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/ctap2/Ctap2Session.js');
    expect(paths).toContain('src/ctap2/Ctap2Session.ts');
    expect(paths.filter((path) => path.includes('/testing/') || path.endsWith('.test.ts') || path.includes('tsbuildinfo'))).toEqual([]);
  });

  it('compiles ctap2/testing only for the tests: the package build leaves it out', () => {
    const listed = execFileSync(process.execPath, [fileURLToPath(import.meta.resolve('typescript/bin/tsc')), '--listFilesOnly', '-p', packageDir], { encoding: 'utf8' });
    const own = listed.split('\n').filter((file) => file.startsWith(`${packageDir}src/`));
    expect(own).toContain(`${packageDir}src/ctap2/Ctap2Session.ts`);
    expect(own.filter((file) => file.includes('/testing/'))).toEqual([]);
  });
});
