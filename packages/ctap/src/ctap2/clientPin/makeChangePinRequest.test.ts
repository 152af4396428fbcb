import { describe, expect, it } from 'vitest';
import { KeyAgreementKeyPair } from '../../pin/KeyAgreementKeyPair.js';
import { padPin } from '../../pin/padPin.js';
import { pinHashLeft16 } from '../../pin/pinHashLeft16.js';
import { pinUvAuthProtocolOne } from '../../pin/pinUvAuthProtocolOne.js';
import { pinUvAuthProtocolTwo } from '../../pin/pinUvAuthProtocolTwo.js';
import { makeChangePinRequest } from './makeChangePinRequest.js';

describe.each([pinUvAuthProtocolOne, pinUvAuthProtocolTwo])('makeChangePinRequest, protocol $version', (protocol) => {
  it('signs newPinEnc || pinHashEnc and encrypts both PINs under the shared secret', () => {
    const authenticator = new KeyAgreementKeyPair();
    const request = makeChangePinRequest(protocol, authenticator.coseKey(), '1234', 'abcdef');
    expect(request.subCommand).toBe(0x04);
    expect(request.pinUvAuthProtocol).toBe(protocol.version);
    // What the authenticator does with it (CTAP 2.1 §6.5.5.6).
    const shared = authenticator.decapsulate(protocol, request.keyAgreement!);
    const signed = new Uint8Array([...request.newPinEnc!, ...request.pinHashEnc!]);
    expect(protocol.verify(shared, signed, request.pinUvAuthParam!)).toBe(true);
    expect(protocol.verify(shared, request.newPinEnc!, request.pinUvAuthParam!)).toBe(false);
    expect(protocol.decrypt(shared, request.pinHashEnc!)).toEqual(pinHashLeft16('1234'));
    expect(protocol.decrypt(shared, request.newPinEnc!)).toEqual(padPin('abcdef'));
  });
});
