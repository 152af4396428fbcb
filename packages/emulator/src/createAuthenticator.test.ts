import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
// The compiled package (tsc -b runs before the tests), in a fresh Node: what a starting emulator loads.
const dist = new URL('../dist/index.js', import.meta.url).href;

/**
 * Whether @peculiar/x509 was loaded after building an authenticator with `options`. It needs reflect-metadata
 * first, which installs Reflect.getMetadata globally: ESM has no module cache to look at.
 */
async function loadsPeculiarX509(options: string): Promise<boolean> {
  const script = `const { createAuthenticator } = await import(${JSON.stringify(dist)});
await createAuthenticator(${options});
process.stdout.write(String(typeof Reflect.getMetadata === 'function'));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script]);
  return stdout === 'true';
}

describe('createAuthenticator', () => {
  // @peculiar/x509 roughly doubles the emulator's startup, which counts where Node starts are slow (the uhid guest).
  it('loads @peculiar/x509 only for an AAGUID the test batch certificate does not carry', async () => {
    expect(await loadsPeculiarX509('{}')).toBe(false);
    expect(await loadsPeculiarX509('{ aaguid: new Uint8Array(16).fill(7) }')).toBe(true);
  });
});
