import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { Distribution } from '../distributions.js';
import { runTool, type ToolResult } from '../e2e/runTool.js';
import { toolEnvironment } from '../e2e/toolEnvironment.js';

/**
 * Debian's twine and pip against the registry at `baseUrl`, in a throwaway directory (removed when the test
 * finishes): `write` puts a distribution's file there, `twineUpload` uploads files as __token__ with `token`,
 * `pipDownload` asks the Simple index for a requirement's wheel (no dependencies, no build, nothing installed) and
 * answers the files it fetched.
 */
export async function pythonTools(baseUrl: string) {
  const workDir = await mkdtemp(join(tmpdir(), 'keybridge-pages-'));
  onTestFinished(() => rm(workDir, { recursive: true, force: true }));
  // A wide terminal for rich, so that twine's error lines are not wrapped inside the reason.
  const env = { ...toolEnvironment(join(workDir, 'home')), COLUMNS: '250' };
  await mkdir(join(workDir, 'home'));
  let downloads = 0;
  return {
    async write(distribution: Distribution): Promise<string> {
      const path = join(workDir, distribution.filename);
      await writeFile(path, distribution.bytes);
      return path;
    },
    twineUpload(files: readonly string[], token: string): Promise<ToolResult> {
      const args = ['upload', '--repository-url', `${baseUrl}/legacy/`, '--non-interactive', '--disable-progress-bar', ...files];
      return runTool('/usr/bin/twine', args, { cwd: workDir, env: { ...env, TWINE_USERNAME: '__token__', TWINE_PASSWORD: token } });
    },
    async pipDownload(requirement: string): Promise<{ result: ToolResult; files: string[] }> {
      const dest = join(workDir, `download-${++downloads}`);
      const args = ['-m', 'pip', 'download', '--index-url', `${baseUrl}/simple/`, '--no-cache-dir', '--no-deps', '--only-binary', ':all:', '--dest', dest, requirement];
      const result = await runTool('/usr/bin/python3', args, { cwd: workDir, env });
      return { result, files: result.code === 0 ? await readdir(dest) : [] };
    },
  };
}
