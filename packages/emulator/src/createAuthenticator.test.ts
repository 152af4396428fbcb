import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
// The compiled package (tsc -b runs before the tests), in a fresh Node: what a starting emulator loads.
const dist = new URL('../dist/index.js', import.meta.url).href;
const refuseModules = new URL('../../../test/cli/refuseModules.mjs', import.meta.url).href;

/** createAuthenticator(`options`) in a Node that refuses to load @peculiar/x509 (and reflect-metadata, its companion). */
async function createWithoutPeculiarX509(options: string): Promise<string> {
  const refuse = `import { refuseModules } from ${JSON.stringify(refuseModules)};
refuseModules(/^(@peculiar\\/x509|reflect-metadata)$/, (specifier) => 'refused: ' + specifier);`;
  const script = `const { createAuthenticator } = await import(${JSON.stringify(dist)});
await createAuthenticator(${options}).then(() => console.log('created'), (error) => console.log(error.message));`;
  const { stdout } = await run(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(refuse)}`, '--input-type=module', '--eval', script]);
  return stdout.trim();
}

describe('createAuthenticator', () => {
  // @peculiar/x509 roughly doubles the emulator's startup, which counts where Node starts are slow (the uhid guest).
  it('loads @peculiar/x509 only for an AAGUID the test batch certificate does not carry', async () => {
    expect(await createWithoutPeculiarX509('{}')).toBe('created');
    expect(await createWithoutPeculiarX509('{ aaguid: new Uint8Array(16).fill(7) }')).toBe('refused: reflect-metadata');
  });
});
