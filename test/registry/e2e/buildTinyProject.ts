import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeResult, runTool } from './runTool.js';

export interface BuiltProject {
  /** Absolute paths of the built distributions. */
  sdist: string;
  wheel: string;
  durationMs: number;
}

/**
 * Writes a tiny setuptools project (one module, `tinyproject`, whose GREETING is `greeting`) of `version` into
 * `directory` and builds its sdist and wheel offline, with Debian's python3-build and no build isolation (nothing is
 * downloaded).
 */
export async function buildTinyProject(directory: string, greeting: string, env: NodeJS.ProcessEnv, version = '0.1.0'): Promise<BuiltProject> {
  await mkdir(directory, { recursive: true });
  await writeFile(
    join(directory, 'pyproject.toml'),
    [
      '[build-system]',
      'requires = ["setuptools>=61"]',
      'build-backend = "setuptools.build_meta"',
      '',
      '[project]',
      'name = "tinyproject"',
      `version = "${version}"`,
      'description = "A tiny project for the registry\'s end-to-end test"',
      'requires-python = ">=3.7"',
      '',
      '[tool.setuptools]',
      'py-modules = ["tinyproject"]',
      '',
    ].join('\n'),
  );
  await writeFile(join(directory, 'tinyproject.py'), `GREETING = ${JSON.stringify(greeting)}\n`);
  const result = await runTool('/usr/bin/python3', ['-m', 'build', '--no-isolation', '--sdist', '--wheel', '--outdir', 'dist', '.'], { cwd: directory, env });
  if (result.code !== 0) throw new Error(describeResult('python3 -m build', result));
  const built = await readdir(join(directory, 'dist'));
  const sdist = built.find((name) => name.endsWith('.tar.gz'));
  const wheel = built.find((name) => name.endsWith('.whl'));
  if (!sdist || !wheel) throw new Error(`python3 -m build made ${built.join(', ')}`);
  return { sdist: join(directory, 'dist', sdist), wheel: join(directory, 'dist', wheel), durationMs: result.durationMs };
}
