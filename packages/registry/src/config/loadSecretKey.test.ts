import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecretKey } from './loadSecretKey.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'keybridge-secret-'));
  directories.push(directory);
  return directory;
}

describe('loadSecretKey', () => {
  it('creates 32 random bytes, mode 0600, in a new directory, and reads the same key afterwards', () => {
    const file = join(temporaryDirectory(), 'data', 'secret.key');
    const key = loadSecretKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`${key.toString('hex')}\n`);
    expect(loadSecretKey(file).equals(key)).toBe(true);
    expect(readdirSync(join(file, '..'))).toEqual(['secret.key']);
  });

  it('refuses a file that holds no key', () => {
    const file = join(temporaryDirectory(), 'secret.key');
    writeFileSync(file, 'short\n');
    expect(() => loadSecretKey(file)).toThrow('must hold at least 32 bytes as hex');
  });

  it('gives every one of several processes starting at once the same key', async () => {
    const file = join(temporaryDirectory(), 'secret.key');
    // The compiled module (tsc -b runs before the tests), in separate processes.
    const moduleUrl = new URL('../../dist/config/loadSecretKey.js', import.meta.url).href;
    const script = `const { loadSecretKey } = await import(${JSON.stringify(moduleUrl)}); process.stdout.write(loadSecretKey(${JSON.stringify(file)}).toString('hex'));`;
    const keys = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
          child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
        }),
      ),
    );
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
  });
});
