import { describeResult, runTool } from './runTool.js';

/** A fresh venv at `path` made with Debian's python3 (with its own pip, since ensurepip runs: seconds). Answers `path`. */
export async function makeVenv(path: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runTool('/usr/bin/python3', ['-m', 'venv', path], { env });
  if (result.code !== 0) throw new Error(describeResult('python3 -m venv', result));
  return path;
}
