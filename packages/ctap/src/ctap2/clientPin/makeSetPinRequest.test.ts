import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../../cbor/decodeCbor.js';
import { encodeCbor } from '../../cbor/encodeCbor.js';
import { KeyAgreementKeyPair } from '../../pin/KeyAgreementKeyPair.js';
import { padPin } from '../../pin/padPin.js';
import { pinUvAuthProtocolOne } from '../../pin/pinUvAuthProtocolOne.js';
import { pinUvAuthProtocolTwo } from '../../pin/pinUvAuthProtocolTwo.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { encodeClientPinRequest } from './encodeClientPinRequest.js';
import { makeSetPinRequest } from './makeSetPinRequest.js';
import { fromHex, toHex } from '../../../../../test/support/hex.js';
import { firmwareVectors, type FirmwareName } from '../../../../../test/support/firmwareVectors.js';

interface Recorded {
  clientPin: {
    setPin: {
      getKeyAgreement: { response: string };
      setPin: { request: string };
      platformSecrets: { platformPrivateKey: string; sharedSecret: string };
    };
  };
}
const load = (name: FirmwareName) => firmwareVectors<Recorded>(name);
/** The COSE key inside a recorded getKeyAgreement response: 00 a1 01 <key>. */
const authenticatorKeyOf = (response: string) => decodeCbor(fromHex(response).subarray(3));

describe('makeSetPinRequest', () => {
  it('reproduces solo’s recorded setPIN (protocol 1, zero IV) byte for byte from its platform key', () => {
    const recording = load('solo').clientPin.setPin;
    const request = makeSetPinRequest(
      pinUvAuthProtocolOne,
      authenticatorKeyOf(recording.getKeyAgreement.response),
      '1234',
      KeyAgreementKeyPair.fromPrivateKeyBytes(fromHex(recording.platformSecrets.platformPrivateKey)),
    );
    expect(`06${toHex(encodeCbor(encodeClientPinRequest(request)))}`).toBe(recording.setPin.request);
  });

  it('makes a protocol 2 request the authenticator side can check and decrypt (canokey’s keys)', () => {
    const recording = load('canokey').clientPin.setPin;
    const request = makeSetPinRequest(
      pinUvAuthProtocolTwo,
      authenticatorKeyOf(recording.getKeyAgreement.response),
      'pässwörd',
      KeyAgreementKeyPair.fromPrivateKeyBytes(fromHex(recording.platformSecrets.platformPrivateKey)),
    );
    const shared = fromHex(recording.platformSecrets.sharedSecret);
    expect(request.pinUvAuthProtocol).toBe(2);
    expect(request.subCommand).toBe(0x03);
    expect(request.newPinEnc).toHaveLength(16 + 64);
    expect(pinUvAuthProtocolTwo.verify(shared, request.newPinEnc!, request.pinUvAuthParam!)).toBe(true);
    expect(pinUvAuthProtocolTwo.decrypt(shared, request.newPinEnc!)).toEqual(padPin('pässwörd'));
  });

  it('refuses a PIN the spec forbids before anything is sent (PIN_POLICY_VIOLATION)', () => {
    const authenticator = new KeyAgreementKeyPair();
    expect(() => makeSetPinRequest(pinUvAuthProtocolTwo, authenticator.coseKey(), '123')).toThrowError(
      expect.objectContaining({ status: CtapStatus.PIN_POLICY_VIOLATION }),
    );
  });
});
