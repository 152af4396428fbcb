import { execFileSync } from 'node:child_process';

/**
 * The TOTP code Debian's oathtool (oath-toolkit, an implementation independent of otplib) gives for a base32 secret
 * at `at` (epoch ms, taken to the whole second).
 */
export function oathtoolCode(secret: string, at: number): string {
  const when = `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  try {
    return execFileSync('oathtool', ['--totp', '--base32', secret, '--now', when], { encoding: 'utf8' }).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('oathtool is missing: apt-get install oathtool (scripts/install-debian-packages.sh)');
    throw error;
  }
}
