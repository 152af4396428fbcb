import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// src/pages/ and dist/pages/ are both two levels below the package root, so this holds for the sources (tests) and the build.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A path inside the installed @keybridge/registry package (templates/, static/ ship beside dist/). */
export function registryPackagePath(...segments: string[]): string {
  return join(packageRoot, ...segments);
}
