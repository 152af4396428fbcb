import { CliError } from '../program/CliError.js';

/** A credential id as `credentials list` prints it (base64url; padded or standard base64 is accepted too). */
export function decodeCredentialId(text: string): Uint8Array {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9_\-+/]+={0,2}$/.test(trimmed)) {
    throw new CliError('USAGE', `a credential id is base64url, as "keybridge credentials list" prints it, not "${text}"`);
  }
  const bytes = Buffer.from(trimmed.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
  if (bytes.length === 0) throw new CliError('USAGE', `"${text}" is not a credential id`);
  return new Uint8Array(bytes);
}
