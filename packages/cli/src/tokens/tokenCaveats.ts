import { isIP } from 'node:net';
import { CliError } from '../program/CliError.js';

// The caveats a token can be narrowed with, encoded as the registry reads them (compact JSON arrays, tag first:
// PyPI's for expiry and project names, keybridge's 100 for source addresses). See the README's "API tokens".

/** PEP 503's normalized name: what the registry compares a project caveat with. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** [0, expires_at, not_before]: valid from `now` for `seconds`. */
export function expiryCaveat(nowSeconds: number, seconds: number): Uint8Array {
  return Buffer.from(JSON.stringify([0, nowSeconds + seconds, nowSeconds]));
}

/** [1, [names]]: only these projects. */
export function projectsCaveat(projects: readonly string[]): Uint8Array {
  return Buffer.from(JSON.stringify([1, projects.map(normalizeProjectName)]));
}

/** [100, [ranges]]: only from these addresses; a bare address is that address alone. */
export function sourceAddressesCaveat(ranges: readonly string[]): Uint8Array {
  return Buffer.from(JSON.stringify([100, ranges.map(cidr)]));
}

/** A CIDR range as the registry writes it, or a usage error. */
export function cidr(text: string): string {
  const [address = '', prefix, ...rest] = text.split('/');
  const family = isIP(address);
  const bits = family === 4 ? 32 : 128;
  if (family === 0 || rest.length > 0 || (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits))) {
    throw new CliError('USAGE', `--cidr wants an IPv4 or IPv6 address or CIDR range (203.0.113.0/24, 2001:db8::/32), not "${text}"`);
  }
  return `${address}/${prefix ?? bits}`;
}

/** "90d", "12h", "30m", "2w": a lifetime in seconds, or a usage error. */
export function durationSeconds(text: string, option: string): number {
  const match = /^(\d{1,6})([mhdw])$/.exec(text);
  if (!match || Number(match[1]) === 0) throw new CliError('USAGE', `${option} wants a duration such as 30m, 12h, 90d or 2w, not "${text}"`);
  const unit = { m: 60, h: 3600, d: 86_400, w: 604_800 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * unit;
}
