import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const buildDirectory = fileURLToPath(new URL('../.build/uhid/', import.meta.url));

/**
 * A guest program (test/uhid/guest/*.ts) as JavaScript the guest's plain Node runs, in test/.build/uhid/ (gitignored):
 * inside the repository, so that its imports resolve to the built packages through node_modules. Type-checked with
 * the other tests (tsconfig.tests.json); here the types are only stripped. Returns the .mjs path.
 */
export async function compileGuestProgram(source: URL): Promise<string> {
  const { outputText } = ts.transpileModule(await readFile(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  await mkdir(buildDirectory, { recursive: true });
  const output = `${buildDirectory}${basename(fileURLToPath(source), '.ts')}.mjs`;
  await writeFile(output, outputText);
  return output;
}
