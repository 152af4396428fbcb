import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RegistryConfigError } from './RegistryConfigError.js';

/**
 * The server's secret key (signs CSRF tokens): 32 random bytes kept as hex in `file`, created 0600 on first use.
 * Several processes may start at once on one data directory: the key is written whole to a temporary file and
 * linked into place, so exactly one of them creates it and none ever reads it half written.
 */
export function loadSecretKey(file: string): Buffer {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600, flush: true });
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new RegistryConfigError(`cannot create the secret key file ${file}: ${(error as Error).message}`);
  } finally {
    rmSync(temporary, { force: true });
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new RegistryConfigError(`cannot read the secret key file ${file}: ${(error as Error).message}`);
  }
  if (!/^([0-9a-f]{2}){32,}$/i.test(text)) throw new RegistryConfigError(`the secret key file ${file} must hold at least 32 bytes as hex`);
  return Buffer.from(text, 'hex');
}
