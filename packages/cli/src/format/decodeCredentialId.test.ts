import { describe, expect, it } from 'vitest';
import { CliError } from '../program/CliError.js';
import { decodeCredentialId } from './decodeCredentialId.js';

describe('decodeCredentialId', () => {
  const bytes = Uint8Array.of(0xfb, 0xff, 0x00, 0x10, 0x7e);

  it('reads base64url as credentials list prints it, and the padded or standard forms of the same bytes', () => {
    const url = Buffer.from(bytes).toString('base64url');
    expect(url).toBe('-_8AEH4');
    expect(decodeCredentialId(url)).toEqual(bytes);
    expect(decodeCredentialId('+/8AEH4=')).toEqual(bytes);
    expect(decodeCredentialId(' -_8AEH4 ')).toEqual(bytes);
  });

  it.each(['', '***', 'abc def', '=='])('refuses %j as a usage error', (text) => {
    expect(() => decodeCredentialId(text)).toThrow(CliError);
  });
});
