import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashPassword } from './hashPassword.js';
import { verifyPassword } from './verifyPassword.js';

/**
 * Made by the `argon2` npm package (0.45.1, node-argon2), which the registry used before @node-rs/argon2, with the
 * same settings (argon2id, m=19456, t=2, p=1; it writes the parameters in the order m, p, t), for the password
 * 'correct horse battery staple': databases hold such hashes, and they must keep verifying.
 */
const nodeArgon2Hash = '$argon2id$v=19$m=19456,p=1,t=2$dh7j3LSmk0BUwPNMBKCfHQ$0uIv3g/guIyvLuNqY12RvcRpH3EgvUfE9t3aS5SdbUY';

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id and a random salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, 'correct horse')).toBe(true);
    expect(await verifyPassword(first, 'correct horsE')).toBe(false);
  });

  it('verifies hashes made by the argon2 package the registry used before', async () => {
    expect(await verifyPassword(nodeArgon2Hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(nodeArgon2Hash, 'correct horse battery stapler')).toBe(false);
  });

  it('answers false for a malformed hash, not an error', async () => {
    expect(await verifyPassword('not a hash', 'correct horse')).toBe(false);
    expect(await verifyPassword('', 'correct horse')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$!!!$???', 'correct horse')).toBe(false);
    expect(await verifyPassword(nodeArgon2Hash.replace('m=19456', 'm=x'), 'correct horse battery staple')).toBe(false);
  });

  it('lets a process that hashed exit by itself, after the answer', () => {
    // The worker is ref'd while it hashes (the process waits for the answer) and unref'd once idle.
    const hashPasswordJs = fileURLToPath(new URL('../../dist/accounts/hashPassword.js', import.meta.url));
    const script = `import { hashPassword } from ${JSON.stringify(hashPasswordJs)}; hashPassword('correct horse').then((hash) => console.log(hash.slice(0, 9)));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect({ status: child.status, stdout: child.stdout, stderr: child.stderr }).toEqual({ status: 0, stdout: '$argon2id\n', stderr: '' });
  });
});
