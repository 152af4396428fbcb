import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { credentialManagementAuthMessage } from './credentialManagementAuthMessage.js';
import { CredentialManagementSubCommand } from './credentialManagementKeys.js';
import { encodeCredentialManagementSubCommandParams } from './encodeCredentialManagementSubCommandParams.js';
import { toHex } from '../../../../../test/support/hex.js';


// Known answers computed with python-fido2 0.9.1 (fido2.cbor.encode, as CredentialManagement._call does).
describe('credentialManagementAuthMessage', () => {
  it('is the sub-command byte alone when there are no parameters', () => {
    expect(toHex(credentialManagementAuthMessage(CredentialManagementSubCommand.getCredsMetadata))).toBe('01');
  });

  it('appends the canonical CBOR of subCommandParams (enumerateCredentialsBegin)', () => {
    const params = encodeCredentialManagementSubCommandParams({ rpIdHash: new Uint8Array(createHash('sha256').update('example.com').digest()) });
    const message = credentialManagementAuthMessage(CredentialManagementSubCommand.enumerateCredentialsBegin, params);
    expect(toHex(message)).toBe('04a1015820a379a6f6eeafb9a55e378c118034e2751e682fab9f2d30ab13d2125586ce1947');
    const token = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(createHmac('sha256', token).update(message).digest('hex')).toBe('297e215b5ce8e700cdfed6d105d18a5b2494ae4688d772d60bba4060b247aed8');
  });

  it('encodes descriptor and user maps in canonical key order (updateUserInformation)', () => {
    const params = encodeCredentialManagementSubCommandParams({
      credentialId: { type: 'public-key', id: Uint8Array.of(1, 2) },
      user: { id: Uint8Array.of(9), name: 'n', displayName: 'D' },
    });
    expect(toHex(credentialManagementAuthMessage(CredentialManagementSubCommand.updateUserInformation, params))).toBe(
      '07a202a262696442010264747970656a7075626c69632d6b657903a36269644109646e616d65616e6b646973706c61794e616d656144',
    );
  });
});
