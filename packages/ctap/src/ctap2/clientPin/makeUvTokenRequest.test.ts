import { describe, expect, it } from 'vitest';
import { ClientPinSubcommand } from '../../pin/ClientPinSubcommand.js';
import { KeyAgreementKeyPair } from '../../pin/KeyAgreementKeyPair.js';
import { pinUvAuthProtocolOne } from '../../pin/pinUvAuthProtocolOne.js';
import { pinUvAuthProtocolTwo } from '../../pin/pinUvAuthProtocolTwo.js';
import { decodeClientPinRequest } from './decodeClientPinRequest.js';
import { encodeClientPinRequest } from './encodeClientPinRequest.js';
import { makeUvTokenRequest } from './makeUvTokenRequest.js';

describe('makeUvTokenRequest', () => {
  it.each([pinUvAuthProtocolOne, pinUvAuthProtocolTwo])('asks 0x06 with permissions, rpId and a platform key the authenticator shares a secret with (protocol $version)', (protocol) => {
    const authenticator = new KeyAgreementKeyPair();
    const { request, sharedSecret } = makeUvTokenRequest(protocol, authenticator.coseKey(), { permissions: 0x03, rpId: 'example.org' });
    const decoded = decodeClientPinRequest(encodeClientPinRequest(request));
    expect(decoded).toMatchObject({
      pinUvAuthProtocol: protocol.version,
      subCommand: ClientPinSubcommand.getPinUvAuthTokenUsingUvWithPermissions,
      permissions: 0x03,
      rpId: 'example.org',
    });
    expect(decoded.pinHashEnc).toBeUndefined();
    expect(authenticator.decapsulate(protocol, decoded.keyAgreement!)).toEqual(sharedSecret);
  });

  it('leaves rpId out when none is given (cm)', () => {
    const { request } = makeUvTokenRequest(pinUvAuthProtocolTwo, new KeyAgreementKeyPair().coseKey(), { permissions: 0x04 });
    expect('rpId' in request).toBe(false);
  });
});
